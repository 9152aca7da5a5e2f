package org.bgwcheck.bench;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import org.bgwcheck.core.postmaster.WorkerLookup;

/**
 * How the postmaster's cost grows with max_worker_processes: for each event and occupancy, the time per
 * event and per slot at each size, the factor from one size to the next (8 times larger), the local
 * exponent {@code b} of {@code time ~ slots^b}, and a least-squares exponent over the sizes from 64 up
 * (at 8 slots fixed per-event costs dominate). Linear is b = 1, C's quadratic search b = 2. Growth is
 * computed from medians over iterations, which a burst of load on a shared machine moves least.
 */
final class ScanGrowthReport {
    private static final String CLASS = PostmasterScanBenchmark.class.getSimpleName();
    private static final int FIT_FROM_SLOTS = 64;

    private final List<Figure> figures;

    ScanGrowthReport(List<Figure> all) {
        figures = all.stream().filter(f -> f.benchmarkClass().equals(CLASS)).toList();
    }

    void print(PrintStream out) {
        if (figures.isEmpty()) {
            return;
        }
        out.println("## Postmaster scan: growth with max_worker_processes (" + CLASS + ", time per event)");
        out.println();
        out.println("Fitted exponent b of time ~ slots^b over slots >= " + FIT_FROM_SLOTS
                + " (1 = linear, 2 = quadratic), least squares on the medians; last column: LIST_SEARCH /"
                + " SLOT_INDEX at the largest size, measured side by side in this run. Per slot, factor and"
                + " local b use medians too.");
        out.println();
        out.println("| event | occupancy | b, SLOT_INDEX | b, LIST_SEARCH | LIST_SEARCH / SLOT_INDEX |");
        out.println("|---|---|---|---|---|");
        for (String method : methods()) {
            for (int occupancy : occupancies()) {
                List<Figure> index = series(method, occupancy, WorkerLookup.SLOT_INDEX);
                List<Figure> search = series(method, occupancy, WorkerLookup.LIST_SEARCH);
                String ratio = index.isEmpty() || search.isEmpty() ? "n/a"
                        : last(search).over(last(index)) + " at " + last(index).intParam("slots");
                out.println("| " + method + " | " + occupancy + "% | " + exponent(index) + " | "
                        + exponent(search) + " | " + ratio + " |");
            }
        }
        out.println();
        for (String method : methods()) {
            for (int occupancy : occupancies()) {
                printSeries(out, method, occupancy);
            }
        }
    }

    private void printSeries(PrintStream out, String method, int occupancy) {
        out.println("### " + method + ", occupancy " + occupancy + "%");
        out.println();
        out.println("| slots | lookup | time (± 99.9% error) | min / median / max | per slot | x previous size"
                + " | local b |");
        out.println("|---|---|---|---|---|---|---|");
        for (WorkerLookup lookup : WorkerLookup.values()) {
            Figure previous = null;
            for (Figure f : series(method, occupancy, lookup)) {
                int slots = f.intParam("slots");
                String growth = "";
                String local = "";
                if (previous != null) {
                    double factor = f.median() / previous.median();
                    growth = Units.sig3(factor);
                    local = String.format("%.2f", Math.log(factor)
                            / Math.log((double) slots / previous.intParam("slots")));
                }
                out.println("| " + slots + " | " + lookup + " | " + Units.nanos(f.score())
                        + (Double.isNaN(f.error()) ? "" : " ± " + Units.nanos(f.error())) + " | "
                        + Units.nanos(f.min()) + " / " + Units.nanos(f.median()) + " / " + Units.nanos(f.max())
                        + " | " + Units.nanos(f.median() / slots) + " | " + growth + " | " + local + " |");
                previous = f;
            }
        }
        out.println();
    }

    /** Least-squares slope of ln(time) on ln(slots), over the sizes from FIT_FROM_SLOTS (or all, if fewer). */
    static String exponent(List<Figure> series) {
        List<Figure> fit = series.stream().filter(f -> f.intParam("slots") >= FIT_FROM_SLOTS).toList();
        if (fit.size() < 2) {
            fit = series;
        }
        if (fit.size() < 2) {
            return "n/a";
        }
        double n = fit.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Figure f : fit) {
            double x = Math.log(f.intParam("slots"));
            double y = Math.log(f.median());
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return String.format("%.2f (%d..%d)", b, fit.get(0).intParam("slots"),
                fit.get(fit.size() - 1).intParam("slots"));
    }

    private List<Figure> series(String method, int occupancy, WorkerLookup lookup) {
        return figures.stream()
                .filter(f -> f.method().equals(method) && f.intParam("occupancy") == occupancy
                        && f.param("lookup").equals(lookup.name()))
                .sorted(Comparator.comparingInt(f -> f.intParam("slots")))
                .toList();
    }

    /** In the order the benchmark class declares them: state change, start pass, exit. */
    private List<String> methods() {
        List<String> order = List.of("backgroundWorkerStateChange", "serverLoopStartPass", "reaperWorkerExit");
        TreeSet<String> present = new TreeSet<>(figures.stream().map(Figure::method).toList());
        List<String> out = new java.util.ArrayList<>(order.stream().filter(present::contains).toList());
        present.stream().filter(m -> !order.contains(m)).forEach(out::add);
        return out;
    }

    private TreeSet<Integer> occupancies() {
        return new TreeSet<>(figures.stream().map(f -> f.intParam("occupancy")).toList());
    }

    private static Figure last(List<Figure> series) {
        return series.get(series.size() - 1);
    }
}
