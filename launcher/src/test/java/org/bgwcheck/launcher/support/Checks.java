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
            LauncherSummary.record(new LauncherSummary.Entry(check, property, "FIXED", true, seconds(start), detail));
            System.out.println("[" + property + "] PASS " + check + ": " + detail);
        } catch (Exception | AssertionError e) {
            String detail = firstLines(String.valueOf(e.getMessage()), 12);
            LauncherSummary.record(new LauncherSummary.Entry(check, property, "FIXED", false, seconds(start), detail));
            System.out.println("[" + property + "] FAIL " + check + ": " + detail);
            throw e;
        }
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
