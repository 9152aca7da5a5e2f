package org.bgwcheck.stress.gate;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wall time per test, read off jcstress's verbose console. jcstress prints each test JVM's result as that JVM
 * finishes, headed by a line such as {@code ...... [OK] org.bgwcheck.stress.RegisterVersusScan.Fixed}; the
 * gate lets jcstress use two CPUs, so two-actor tests run one JVM at a time, and the time between two such
 * lines is the later JVM's run. The summary printed after {@code RUN RESULTS:} repeats the headers and is not
 * timed.
 */
final class ForkClock {
    private static final Pattern RESULT_HEADER =
            Pattern.compile("^\\.*\\s*\\[(OK|FAILED|ERROR|TIMEOUT|VM ERROR|SKIPPED)\\]\\s+(\\S+)\\s*$");
    private static final String FIRST_FORK_STARTS = "Attached the ";
    private static final String FORKS_DONE = "RUN RESULTS:";

    private final Map<String, Long> nanosByTest = new HashMap<>();
    private long last;
    private boolean done;

    ForkClock(long startNanos) {
        last = startNanos;
    }

    /** One console line, seen at {@code nanos}. */
    void line(String line, long nanos) {
        if (done) {
            return;
        }
        if (line.contains(FORKS_DONE)) {
            done = true;
        } else if (line.contains(FIRST_FORK_STARTS)) {
            last = nanos;
        } else {
            Matcher m = RESULT_HEADER.matcher(line);
            if (m.matches()) {
                nanosByTest.merge(m.group(2), nanos - last, Long::sum);
                last = nanos;
            }
        }
    }

    /** Seconds spent on {@code test}'s JVMs, or NaN if jcstress never reported one. */
    double seconds(String test) {
        Long nanos = nanosByTest.get(test);
        return nanos == null ? Double.NaN : nanos / 1e9;
    }
}
