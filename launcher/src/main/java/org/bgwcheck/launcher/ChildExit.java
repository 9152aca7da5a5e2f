package org.bgwcheck.launcher;

import java.util.List;

import org.bgwcheck.launcher.report.ReportLine;

/**
 * How a child ended and everything it said.
 *
 * @param status      the exit status: 0 clean, 1 FATAL, 128+n killed by signal n
 * @param reports     every report line on stdout, in order (ready first for a child that got that far)
 * @param otherOutput stdout lines that were not report lines (e.g. a worker's own prints)
 * @param stderr      everything on stderr; for a refused child, its one FATAL line
 */
public record ChildExit(int status, List<ReportLine> reports, List<String> otherOutput, String stderr) {

    public ChildExit {
        reports = List.copyOf(reports);
        otherOutput = List.copyOf(otherOutput);
    }

    /** The first report line with this tag, or {@code null}. */
    public ReportLine report(String tag) {
        for (ReportLine line : reports) {
            if (line.tag().equals(tag)) {
                return line;
            }
        }
        return null;
    }
}
