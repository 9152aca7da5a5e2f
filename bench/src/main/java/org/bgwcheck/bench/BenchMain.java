package org.bgwcheck.bench;

import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * benchmarks.jar's entry point: JMH's own command line (every JMH option works), then the analysis JMH
 * cannot do - growth exponents and the side-by-side ratios - printed as Markdown tables ready for
 * {@code docs/measurements/bench-jmh.md}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                || options.shouldListProfilers() || options.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args); // nothing is run, so there is nothing to analyse
            return;
        }
        Collection<RunResult> results = new Runner(options).run();
        List<Figure> figures = Figure.of(results);
        System.out.println();
        System.out.println("# bgwcheck benchmark analysis");
        System.out.println();
        new VariantCostReport(figures).print(System.out);
        new FloorRatioReport(figures).print(System.out);
        new ScanGrowthReport(figures).print(System.out);
    }
}
