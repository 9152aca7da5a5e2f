package org.bgwcheck.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The variant mechanism's cost: the fixed protocol as built (flags in final fields) over the same class files
 * with every flag read replaced by its FIXED constant, each pair measured side by side in one run.
 */
final class VariantCostReport {
    private static final String CLASS = VariantCostBenchmark.class.getSimpleName();
    private static final String AS_BUILT = "AsBuilt";
    private static final String WITHOUT = "WithoutVariants";

    private final List<Figure> figures;

    VariantCostReport(List<Figure> all) {
        figures = all.stream().filter(f -> f.benchmarkClass().equals(CLASS)).toList();
    }

    void print(PrintStream out) {
        if (figures.isEmpty()) {
            return;
        }
        out.println("## Cost of the variant mechanism (" + CLASS + ", time per operation)");
        out.println();
        out.println("Ratio = as built / without variants (every flag read replaced by its FIXED constant, nothing"
                + " else changed), of the medians, then of the means with their 99.9% errors combined. 1 within the"
                + " error: selecting FIXED costs nothing measurable.");
        out.println();
        List<Figure> builds = figures.stream().filter(f -> f.method().endsWith(AS_BUILT)).toList();
        out.println("| operation | as built (flags in final fields): mean ± 99.9% error (min / median / max)"
                + " | without variants (flags as constants) | as built / without |");
        out.println("|---|---|---|---|");
        for (Figure built : builds) {
            String op = built.method().substring(0, built.method().length() - AS_BUILT.length());
            Optional<Figure> without = figures.stream().filter(f -> f.method().equals(op + WITHOUT)).findFirst();
            out.println("| " + op + " | " + Units.spread(built, Units::nanos) + " | "
                    + without.map(f -> Units.spread(f, Units::nanos)).orElse("n/a") + " | "
                    + without.map(f -> built.over(f).toString()).orElse("n/a") + " |");
        }
        out.println();
    }
}
