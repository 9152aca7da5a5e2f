package org.bgwcheck.bench;

/** Human-scaled printing of JMH figures. */
final class Units {
    private Units() {
    }

    /** A time in nanoseconds as ns, us, ms or s with three significant figures. */
    static String nanos(double ns) {
        if (Double.isNaN(ns)) {
            return "n/a";
        }
        if (ns < 1e3) {
            return sig3(ns) + " ns";
        }
        if (ns < 1e6) {
            return sig3(ns / 1e3) + " us";
        }
        if (ns < 1e9) {
            return sig3(ns / 1e6) + " ms";
        }
        return sig3(ns / 1e9) + " s";
    }

    /** A rate as plain, k or M per second. */
    static String perSecond(double ops) {
        if (ops >= 1e6) {
            return sig3(ops / 1e6) + " M/s";
        }
        if (ops >= 1e3) {
            return sig3(ops / 1e3) + " k/s";
        }
        return sig3(ops) + " /s";
    }

    static String sig3(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format("%.0f", v);
        }
        if (a >= 10) {
            return String.format("%.1f", v);
        }
        return String.format("%.2f", v);
    }

    /** score ± error (min / median / max), in the unit {@code format} gives. */
    static String spread(Figure f, java.util.function.DoubleFunction<String> format) {
        String err = Double.isNaN(f.error()) ? "" : " ± " + format.apply(f.error());
        return format.apply(f.score()) + err + " (" + format.apply(f.min()) + " / " + format.apply(f.median())
                + " / " + format.apply(f.max()) + ")";
    }
}
