package org.bgwcheck.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * Backend round trips next to their lock floor, measured side by side in one run: how many times the
 * cost of taking BackgroundWorkerLock three times around nothing a register + terminate + status round trip
 * costs, for one and two backend threads on each slot-memory backing.
 */
final class FloorRatioReport {
    private static final String CLASS = BackendRoundTripBenchmark.class.getSimpleName();

    private final List<Figure> figures;

    FloorRatioReport(List<Figure> all) {
        figures = all.stream().filter(f -> f.benchmarkClass().equals(CLASS)).toList();
    }

    void print(PrintStream out) {
        if (figures.isEmpty()) {
            return;
        }
        out.println("## Backend round trips next to the lock floor (" + CLASS + ", throughput of all threads)");
        out.println();
        out.println("Ratio = floor throughput / round-trip throughput: a round trip costs this many floors"
                + " (the floor takes the same lock as often and in the same modes, around nothing). Ratio of"
                + " the medians first, then of the means.");
        out.println();
        out.println("| backends | backing | round trips/s: mean ± 99.9% error (min / median / max) | floor/s"
                + " (the lock alone) | round trip / floor |");
        out.println("|---|---|---|---|---|");
        for (String threads : List.of("OneBackend", "TwoBackends")) {
            Optional<Figure> floor = find("lockFloor" + threads);
            for (Figure rt : figures.stream().filter(f -> f.method().equals("roundTrip" + threads)).toList()) {
                out.println("| " + rt.threads() + " | " + rt.param("backing") + " | "
                        + Units.spread(rt, Units::perSecond) + " | "
                        + floor.map(f -> Units.spread(f, Units::perSecond)).orElse("n/a") + " | "
                        + floor.map(f -> f.over(rt).toString()).orElse("n/a") + " |");
            }
        }
        out.println();
    }

    private Optional<Figure> find(String method) {
        return figures.stream().filter(f -> f.method().equals(method)).findFirst();
    }
}
