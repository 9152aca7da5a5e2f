package org.bgwcheck.weak.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.weak.explore.Bounds;
import org.bgwcheck.weak.explore.Exploration;
import org.bgwcheck.weak.explore.Explorer;
import org.bgwcheck.weak.memory.MemoryModel;

/**
 * The explorer's figures against its targets, printed as a table: each ordering fault caught under WEAK in at
 * most 10 s, and the fixed protocol explored exhaustively under SC, TSO and WEAK at 2b2s2g in at most 2
 * minutes. One warm-up run first, so that the figures are of compiled code; the machine's load is printed
 * beside them, since figures taken on a busy machine measure the queue for a CPU.
 */
public final class Bench {
    private static final List<Fault> ORDERING = List.of(Fault.NO_PUBLISH_BARRIER, Fault.NO_SCAN_READ_BARRIER,
            Fault.NO_TERMINATE_RELEASE_BARRIER, Fault.NO_FORGET_RELEASE_BARRIER, Fault.PID_STORE_AFTER_BARRIER,
            Fault.SEED_AS_WRITTEN);

    private Bench() {
    }

    public static void main(String[] args) throws IOException {
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, load average before: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load());
        run(Variant.FIXED, MemoryModel.TSO, new Bounds(2, 2, 1, 1)); // warm-up, not reported
        System.out.printf("%-30s %-5s %-8s %10s %12s %6s %9s  %s%n", "variant", "model", "bounds", "states",
                "transitions", "depth", "seconds", "result");
        for (Fault f : ORDERING) {
            row(f.name(), run(Variant.of(f), MemoryModel.WEAK, Bounds.quick()), 10);
        }
        for (MemoryModel m : MemoryModel.values()) {
            row("FIXED", run(Variant.FIXED, m, Bounds.quick()), 120);
        }
        System.out.printf(Locale.ROOT, "load average after: %s%n", load());
    }

    private static Exploration run(Variant v, MemoryModel m, Bounds b) {
        Set<Property> stopAt = v.isFixed() ? Set.of() : Set.copyOf(v.fault().breaks());
        return new Explorer(v, m, b, stopAt, Long.MAX_VALUE, line -> { }).run();
    }

    private static void row(String variant, Exploration e, double targetSeconds) {
        String result = (e.violations().isEmpty() ? (e.complete() ? "clean, exhaustive" : "INCOMPLETE")
                : "violates " + e.violations().stream().map(f -> f.violation().property().name()).toList())
                + (e.seconds() <= targetSeconds ? "" : " (over the " + (int) targetSeconds + " s target)");
        System.out.printf(Locale.ROOT, "%-30s %-5s %-8s %,10d %,12d %6d %9.2f  %s%n", variant, e.model(),
                e.bounds().tag(), e.states(), e.transitions(), e.depth(), e.seconds(), result);
    }

    private static String load() throws IOException {
        Path p = Path.of("/proc/loadavg");
        return Files.exists(p) ? Files.readString(p).trim() : "unknown";
    }
}
