package org.bgwcheck.weak;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.weak.explore.Bounds;
import org.bgwcheck.weak.explore.Explorer;
import org.bgwcheck.weak.memory.MemoryModel;

/**
 * The catalogue's faults that this layer can express, each on core's code as built with the fault's switch:
 * the six ordering faults must be caught under WEAK through the properties they break and must be invisible
 * under SC and TSO (x86 orders stores, and none of these loads can pass another there); the generation faults
 * are caught under SC. The other faults need what these explorations leave out: waits and signals to
 * backends (L1-L3), crash-restart, shutdown, corrupt shared memory, counters near wrap-around, or a backend
 * working without BackgroundWorkerLock (the explorer is the lock).
 */
class CatalogueFaultsTest {
    static final List<Fault> ORDERING = List.of(Fault.NO_PUBLISH_BARRIER, Fault.NO_SCAN_READ_BARRIER,
            Fault.NO_TERMINATE_RELEASE_BARRIER, Fault.NO_FORGET_RELEASE_BARRIER, Fault.PID_STORE_AFTER_BARRIER,
            Fault.SEED_AS_WRITTEN);
    static final List<Fault> GENERATION = List.of(Fault.TERMINATE_IGNORES_GENERATION,
            Fault.REGISTER_KEEPS_GENERATION, Fault.STATUS_IGNORES_GENERATION);

    static Stream<Arguments> detections() {
        return Stream.concat(ORDERING.stream().map(f -> Arguments.of(f, MemoryModel.WEAK)),
                GENERATION.stream().map(f -> Arguments.of(f, MemoryModel.SC)));
    }

    static Stream<Arguments> invisible() {
        return ORDERING.stream().flatMap(f -> Stream.of(Arguments.of(f, MemoryModel.SC), Arguments.of(f, MemoryModel.TSO)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("detections")
    void faultIsCaughtThroughItsProperty(Fault fault, MemoryModel model) {
        Bounds bounds = WeakProfile.hunt(model);
        Set<Property> own = Set.copyOf(fault.breaks());
        var facts = new Explorer(Variant.of(fault), model, bounds, own, Long.MAX_VALUE, line -> { }).run().facts();
        Explorations.mustDetect("catalogue fault", fault.name(), fault.breaks().stream().map(Enum::name).toList(),
                facts, Explorations.reproduce(fault.name(), model.name(), bounds));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("invisible")
    void orderingFaultIsInvisibleWithoutReordering(Fault fault, MemoryModel model) {
        Bounds bounds = WeakProfile.hunt(model);
        var facts = new Explorer(Variant.of(fault), model, bounds, Set.of(), Long.MAX_VALUE, line -> { }).run().facts();
        Explorations.mustStayClean("catalogue fault, no reordering to show it", fault.name(),
                fault.breaks().stream().map(Enum::name).toList(), facts, false,
                Explorations.reproduce(fault.name(), model.name(), bounds));
    }
}
