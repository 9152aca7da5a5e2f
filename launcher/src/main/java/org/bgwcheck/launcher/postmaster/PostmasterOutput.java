package org.bgwcheck.launcher.postmaster;

import java.io.PrintStream;

import org.bgwcheck.core.env.Log;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.report.ReportText;

/**
 * The postmaster's two outputs: report lines on stdout for its controller (the tests, the demo),
 * and the server log on stderr ({@code postmaster[<pid>]: LOG: ...}), into which every child's
 * stderr is copied when the child exits. LOG and WARNING messages go to both.
 */
final class PostmasterOutput implements Log {

    private final PrintStream reports;
    private final PrintStream log;
    private final String prefix;

    PostmasterOutput(PrintStream reports, PrintStream log, long pid) {
        this.reports = reports;
        this.log = log;
        this.prefix = "postmaster[" + pid + "]: ";
    }

    void report(ReportLine line) {
        synchronized (reports) {
            reports.println(line);
            reports.flush();
        }
    }

    @Override
    public void log(Level level, String message) {
        synchronized (log) {
            log.println(prefix + level + ": " + message);
            log.flush();
        }
        if (level != Level.DEBUG1) {
            report(ReportLine.of("log").with("level", level.name()).with("msg", ReportText.encode(message)));
        }
    }

    /** A child's stderr, copied into the server log line by line. */
    void childLog(String who, String stderr) {
        if (stderr.isEmpty()) {
            return;
        }
        synchronized (log) {
            for (String line : stderr.split("\n")) {
                if (!line.isBlank()) {
                    log.println(line.startsWith(who) ? line : who + ": " + line);
                }
            }
            log.flush();
        }
    }
}
