package org.bgwcheck.launcher.support;

import java.util.Random;

/**
 * The suite's profile ({@code -Dbgwcheck.profile=quick|deep}, set by Maven) and replayable seeds
 * ({@code -Dbgwcheck.seed=<n>} replays a run; otherwise each test draws a fresh seed and prints it).
 */
public final class TestProfile {

    private TestProfile() {
    }

    public static boolean deep() {
        return "deep".equals(System.getProperty("bgwcheck.profile", "quick"));
    }

    /** A seeded random for this test; the seed is printed so that a failure can be replayed. */
    public static Random random(String testName) {
        return new Random(seed(testName));
    }

    /** This test's seed (for code that takes a seed, e.g. the soak), printed so that a failure can be replayed. */
    public static long seed(String testName) {
        String fixed = System.getProperty("bgwcheck.seed");
        long seed = fixed != null && !fixed.isEmpty() ? Long.parseLong(fixed) : new Random().nextLong();
        System.out.println(testName + ": seed=" + seed + " (replay with -Dbgwcheck.seed=" + seed + ")");
        return seed;
    }
}
