package org.bgwcheck.bench;

import java.util.function.Supplier;

import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.SpecialisingClassLoader;
import org.bgwcheck.core.variant.Variant;

/**
 * The operations the variant-cost benchmark times, built inside a {@link SpecialisingClassLoader}: everything
 * they touch is that loader's copy of core (and of these fixtures). They are handed out as {@link Supplier}s,
 * a type both loaders share.
 */
final class ProtocolOperations {
    /** The benchmark's own classes, loaded afresh with core so that they link to the loader's copy. */
    private static final String FIXTURES = "org.bgwcheck.bench.";

    private ProtocolOperations() {
    }

    /** The round trip of {@link BackendRoundTripBenchmark}, one backend, object fields. */
    static Supplier<Object> roundTrip() {
        RoundTripCluster cluster = new RoundTripCluster(SlotMemoryKind.OBJECT_FIELDS, Variant.FIXED);
        return cluster::roundTrip;
    }

    /** The state change of {@link PostmasterScanBenchmark} at 512 slots, 50% occupancy, slot index. */
    static Supplier<Object> backgroundWorkerStateChange() {
        SteadyCluster cluster =
                SteadyCluster.build(SlotMemoryKind.OBJECT_FIELDS, 512, 50, WorkerLookup.SLOT_INDEX, Variant.FIXED);
        return () -> {
            cluster.backgroundWorkerStateChange();
            return cluster;
        };
    }

    /**
     * {@code name} ("roundTrip" or "backgroundWorkerStateChange") built from core loaded as it is, or with
     * its variant switches folded to their FIXED values; both loaded afresh and written back by ASM alike.
     */
    @SuppressWarnings("unchecked")
    static Supplier<Object> load(String name, boolean withoutVariants) {
        try {
            ClassLoader parent = ProtocolOperations.class.getClassLoader();
            ClassLoader loader = withoutVariants
                    ? SpecialisingClassLoader.specialisedTo(Variant.FIXED, parent, FIXTURES)
                    : SpecialisingClassLoader.asBuilt(parent, FIXTURES);
            Class<?> ops = loader.loadClass(ProtocolOperations.class.getName());
            var factory = ops.getDeclaredMethod(name);
            factory.setAccessible(true);
            return (Supplier<Object>) factory.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + name + " in a fresh loader", e);
        }
    }
}
