package org.bgwcheck.launcher.support;

/**
 * A property check inside an integration test: runs the observation and its assertions, and
 * records the outcome in {@link LauncherSummary} whichever way it goes (a failure is recorded
 * with its message, then rethrown, so the test still fails).
 */
public final class Checks {

    /** The observation: waits, asserts, and returns what it saw (the summary's detail). */
    @FunctionalInterface
    public interface Observation {
        String observe() throws Exception;
    }

    private Checks() {
    }

    /** Runs one check of {@code property} against the fixed protocol. */
    public static void run(String property, String check, Observation observation) throws Exception {
        long start = System.nanoTime();
        try {
            String detail = observation.observe();
            record(check, property, "FIXED", true, seconds(start), detail);
        } catch (Exception | AssertionError e) {
            record(check, property, "FIXED", false, seconds(start), String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /**
     * Records one outcome in the summary and prints it: {@code passed} is whether the property
     * held, so a fault run that saw the property violated (the fault detected) records false.
     */
    public static void record(String check, String property, String variant, boolean passed, double seconds, String detail) {
        String shown = firstLines(detail, 12);
        LauncherSummary.record(new LauncherSummary.Entry(check, property, variant, passed, seconds, shown));
        String verdict = variant.equals("FIXED") ? (passed ? "PASS" : "FAIL")
                : (passed ? "MISSED " : "DETECTED ") + variant;
        System.out.println("[" + property + "] " + verdict + " " + check + ": " + shown);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static String firstLines(String text, int lines) {
        String[] all = text.split("\n");
        if (all.length <= lines) {
            return text;
        }
        return String.join("\n", java.util.Arrays.copyOf(all, lines)) + "\n... (" + (all.length - lines) + " more lines)";
    }
}
