package org.bgwcheck.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The variant mechanism's cost: the fixed protocol as it runs (flags in final fields) over the same code
 * with every flag folded to a constant by the JIT, each pair measured side by side in one run.
 */
final class VariantCostReport {
    private static final String CLASS = VariantCostBenchmark.class.getSimpleName();
    private static final String FIELDS = "FinalFields";
    private static final String FOLDED = "Folded";

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
        out.println("Ratio = as built / flags folded, of the medians, then of the means. 1 within the error:"
                + " selecting FIXED costs nothing measurable; above 1: an upper bound on what it costs.");
        out.println();
        List<Figure> builds = figures.stream().filter(f -> f.method().endsWith(FIELDS)).toList();
        if (!builds.isEmpty()) {
            printPairs(out, builds);
        }
        printFlagTest(out);
    }

    private void printPairs(PrintStream out, List<Figure> builds) {
        out.println("| operation | as built (final fields): mean ± 99.9% error (min / median / max) | flags folded"
                + " (no mechanism) | as built / folded |");
        out.println("|---|---|---|---|");
        for (Figure built : builds) {
            String op = built.method().substring(0, built.method().length() - FIELDS.length());
            Optional<Figure> folded = figures.stream().filter(f -> f.method().equals(op + FOLDED)).findFirst();
            out.println("| " + op + " | " + Units.spread(built, Units::nanos) + " | "
                    + folded.map(f -> Units.spread(f, Units::nanos)).orElse("n/a") + " | "
                    + folded.map(f -> built.over(f).toString()).orElse("n/a") + " |");
        }
        out.println();
    }

    private void printFlagTest(PrintStream out) {
        Optional<Figure> with = find("scanLoopWithFlagTest");
        Optional<Figure> without = find("scanLoopWithoutFlagTest");
        if (with.isPresent() && without.isPresent()) {
            double perTest = (with.get().median() - without.get().median()) / FlagPattern.flagTests();
            out.println("The flag test alone (" + FlagPattern.flagTests() + " tests of a final boolean field per loop"
                    + " over " + FlagPattern.SLOTS + " slots, the rest identical): with "
                    + Units.spread(with.get(), Units::nanos) + ", without " + Units.spread(without.get(), Units::nanos)
                    + "; ratio " + with.get().over(without.get()) + "; difference of the medians per test: "
                    + String.format("%.3f ns", perTest) + ".");
            out.println();
        }
    }

    private Optional<Figure> find(String method) {
        return figures.stream().filter(f -> f.method().equals(method)).findFirst();
    }
}
