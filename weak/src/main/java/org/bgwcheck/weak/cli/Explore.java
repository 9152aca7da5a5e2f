package org.bgwcheck.weak.cli;

import java.util.Set;

import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.weak.explore.Bounds;
import org.bgwcheck.weak.explore.Exploration;
import org.bgwcheck.weak.explore.Explorer;
import org.bgwcheck.weak.memory.MemoryModel;

/**
 * {@code Explore [--stop-at=P,...] VARIANT MODEL [BACKENDS SLOTS GENERATIONS MAX_PARALLEL]}: one exploration, its
 * figures and its counterexamples, printed. FIXED explores everything (or stops at the first violation of one of
 * the properties named, to hunt in a changed fixed protocol); a fault stops at its first own violation.
 */
public final class Explore {
    private Explore() {
    }

    public static void main(String[] args) {
        Set<Property> stopAt = null;
        if (args.length > 0 && args[0].startsWith("--stop-at=")) {
            stopAt = Set.copyOf(java.util.Arrays.stream(args[0].substring("--stop-at=".length()).split(","))
                    .map(Property::valueOf).toList());
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        if (args.length != 2 && args.length != 6) {
            System.err.println("usage: Explore [--stop-at=S4,S5] FIXED|<fault> SC|TSO|WEAK"
                    + " [backends slots generations max_parallel_workers]");
            System.exit(2);
        }
        Variant variant = Variant.parse(args[0]);
        MemoryModel model = MemoryModel.valueOf(args[1]);
        Bounds bounds = args.length == 6 ? new Bounds(Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Integer.parseInt(args[5])) : Bounds.quick();
        if (stopAt == null) {
            stopAt = variant.isFixed() ? Set.of() : Set.copyOf(variant.fault().breaks());
        }
        Exploration e = new Explorer(variant, model, bounds, stopAt, 5_000_000, System.err::println).run();
        System.out.println(e.summary());
        for (Exploration.Found f : e.violations()) {
            System.out.println();
            System.out.print(f.text());
        }
    }
}
