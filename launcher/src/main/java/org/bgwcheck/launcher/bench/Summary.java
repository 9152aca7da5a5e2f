package org.bgwcheck.launcher.bench;

import java.util.Arrays;

/** Min, median and max of a sample of durations in milliseconds. */
record Summary(double min, double median, double max) {

    static Summary of(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Summary(sorted[0], median, sorted[n - 1]);
    }
}
