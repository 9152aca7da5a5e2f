package org.bgwcheck.stress.gate;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.bgwcheck.core.shmem.SlotMemoryKind;

/**
 * One test in one jcstress run, as {@code stress-summary.json} holds it (format in README.md).
 *
 * @param forks   the test's forked JVMs, and {@code setups} the distinct JVM setups among them: with the mode,
 *                the samples and the seconds, the budget the test had
 * @param seconds wall time of the test's JVMs, NaN when jcstress did not report them
 * @param status  jcstress's status (NORMAL, or the error that voids the counts), or MISSING
 * @param seen    the forbidden outcomes that occurred
 * @param load    the machine's one-minute load average before and after the jcstress run ({@code [before,
 *                after]}, NaN unknown): the machine is shared, so every measurement carries its load
 */
record SummaryRow(StressTest test, SlotMemoryKind backing, String mode, String jdk, int forks, int setups,
                  long samples, long forbidden, double seconds, String status, List<Tally.ForbiddenOutcome> seen,
                  double[] load) {

    static SummaryRow of(StressTest test, StressRun run, Tally tally, double seconds, double[] load) {
        return new SummaryRow(test, run.backing(), run.settings().label(), tally.jdk(), tally.forks(), tally.setups(),
                tally.samples(), tally.forbidden(), seconds, tally.status(), tally.seen(), load);
    }

    static SummaryRow missing(StressTest test, StressRun run, double[] load) {
        return new SummaryRow(test, run.backing(), run.settings().label(), String.valueOf(run.jdk().feature()), 0, 0,
                0, 0, Double.NaN, "MISSING", List.of(), load);
    }

    /** The load average over the run, the mean of before and after; NaN if unknown. */
    double meanLoad() {
        return load.length == 2 ? (load[0] + load[1]) / 2 : Double.NaN;
    }

    boolean detected() {
        return forbidden > 0;
    }

    /** A run whose numbers stand: jcstress ran the test to the end without an error, and it sampled. */
    boolean valid() {
        return status.equals("NORMAL") && samples > 0;
    }

    String toJson() {
        return "{\"test\": " + Json.string(test.name())
                + ", \"site\": " + Json.string(test.site())
                + ", \"variant\": " + Json.string(test.variant().name())
                + ", \"backing\": " + Json.string(backing.name())
                + ", \"property\": " + Json.string(test.property())
                + ", \"mode\": " + Json.string(mode)
                + ", \"jdk\": " + Json.string(jdk)
                + ", \"forks\": " + forks
                + ", \"jvmSetups\": " + setups
                + ", \"samples\": " + samples
                + ", \"forbidden\": " + forbidden
                + ", \"seconds\": " + (Double.isNaN(seconds) ? "null" : String.format(Locale.ROOT, "%.1f", seconds))
                + ", \"detected\": " + detected()
                + ", \"status\": " + Json.string(status)
                + ", \"loadAverage\": [" + number(load[0]) + ", " + number(load[1]) + "]"
                + ", \"actors\": " + test.actors().stream()
                        .map(a -> "{\"name\": " + Json.string(a.name()) + ", \"does\": " + Json.string(a.does()) + "}")
                        .collect(Collectors.joining(", ", "[", "]"))
                + ", \"forbiddenOutcomes\": " + seen.stream()
                        .map(o -> "{\"outcome\": " + Json.string(o.outcome()) + ", \"count\": " + o.count()
                                + ", \"description\": " + Json.string(o.description()) + "}")
                        .collect(Collectors.joining(", ", "[", "]"))
                + "}";
    }

    private static String number(double d) {
        return Double.isNaN(d) ? "null" : String.format(Locale.ROOT, "%.2f", d);
    }
}
