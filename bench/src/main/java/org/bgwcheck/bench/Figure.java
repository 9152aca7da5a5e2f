package org.bgwcheck.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * One benchmark result as the reports need it: the method, its parameters and thread count, and the
 * primary score with JMH's 99.9% error and the min/median/max over all measured iterations of all forks.
 */
record Figure(String benchmarkClass, String method, Map<String, String> params, int threads, double score,
              double error, double min, double median, double max, String unit, long samples) {

    static List<Figure> of(Collection<RunResult> results) {
        List<Figure> out = new ArrayList<>();
        for (RunResult r : results) {
            String full = r.getParams().getBenchmark();
            int dot = full.lastIndexOf('.');
            String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new TreeMap<>();
            for (String key : r.getParams().getParamsKeys()) {
                params.put(key, r.getParams().getParam(key));
            }
            Statistics s = r.getPrimaryResult().getStatistics();
            String unit = r.getPrimaryResult().getScoreUnit();
            double k = toCanonical(unit);
            out.add(new Figure(cls, full.substring(dot + 1), params, r.getParams().getThreads(),
                    k * r.getPrimaryResult().getScore(), k * r.getPrimaryResult().getScoreError(), k * s.getMin(),
                    k * s.getPercentile(50), k * s.getMax(), unit.endsWith("/op") ? "ns/op" : "ops/s", s.getN()));
        }
        return out;
    }

    /**
     * The factor to ns/op for times and to ops/s for rates, so the reports need not care which {@code -tu}
     * the run used.
     */
    static double toCanonical(String unit) {
        String[] parts = unit.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("unexpected JMH unit " + unit);
        }
        boolean time = parts[1].equals("op");
        String timeUnit = time ? parts[0] : parts[1];
        double seconds = switch (timeUnit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit);
        };
        return time ? seconds * 1e9 : 1 / seconds;
    }

    String param(String key) {
        String v = params.get(key);
        if (v == null) {
            throw new IllegalArgumentException(method + " has no parameter " + key);
        }
        return v;
    }

    int intParam(String key) {
        return Integer.parseInt(param(key));
    }

    /** Relative 99.9% error; 0 when JMH could not compute one (a single iteration). */
    double relativeError() {
        return Double.isNaN(error) || score == 0 ? 0 : error / score;
    }

    /**
     * {@code this / other}: the ratio of the medians, robust against the bursts of a shared machine, and the
     * ratio of the means with the relative 99.9% errors combined in quadrature.
     */
    Ratio over(Figure other) {
        double mean = score / other.score;
        return new Ratio(median / other.median, mean, mean * Math.hypot(relativeError(), other.relativeError()));
    }

    record Ratio(double ofMedians, double ofMeans, double error) {
        @Override
        public String toString() {
            return String.format("%.2f (means: %.2f ± %.2f)", ofMedians, ofMeans, error);
        }
    }
}
