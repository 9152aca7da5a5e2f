package org.bgwcheck.bench;

import java.util.function.Supplier;

import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Variant;

/**
 * The operations the variant-cost benchmark times, built inside a {@link ProtocolLoader}: everything they
 * touch is that loader's copy of core. They are handed out as {@link Supplier}s, a type both loaders share.
 */
final class ProtocolOperations {
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
     * its variant flags replaced by their FIXED values.
     */
    @SuppressWarnings("unchecked")
    static Supplier<Object> load(String name, boolean withoutVariants) {
        try {
            Class<?> ops = new ProtocolLoader(withoutVariants).loadClass(ProtocolOperations.class.getName());
            var factory = ops.getDeclaredMethod(name);
            factory.setAccessible(true);
            return (Supplier<Object>) factory.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + name + " in a fresh loader", e);
        }
    }
}
