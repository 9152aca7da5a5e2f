package org.bgwcheck.weak.explore;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.weak.memory.MemoryModel;

/**
 * One exploration called across a class-loader boundary: core and this module loaded afresh by a
 * {@link org.bgwcheck.core.variant.SpecialisingClassLoader} (e.g. with one fence call deleted) and driven from
 * the test's loader. Only JDK types cross.
 */
public final class IsolatedRun {
    private IsolatedRun() {
    }

    /**
     * Explores the fixed protocol as loaded, stopping at the first violation of any of {@code stopAt}
     * (property names); returns {@link Exploration#facts()}.
     */
    public static Map<String, Object> explore(String model, List<String> stopAt, int backends, int slots,
                                              int generations, int maxParallelWorkers) {
        Set<Property> stop = Set.copyOf(stopAt.stream().map(Property::valueOf).toList());
        return new Explorer(Variant.FIXED, MemoryModel.valueOf(model),
                new Bounds(backends, slots, generations, maxParallelWorkers), stop, Long.MAX_VALUE, line -> { })
                .run().facts();
    }
}
