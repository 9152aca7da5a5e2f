package org.bgwcheck.models.lifecycle;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Provide;
import net.jqwik.api.state.ActionChain;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.models.cluster.WorkerKind;
import org.bgwcheck.models.report.Profile;

/**
 * What the lifecycle properties share: the generators and the run. The world of a try is built when its chain
 * starts, from that try's other parameters (variant, backing, counter and generation start), which are separate
 * {@code @ForAll} parameters rather than a {@code flatMap} of the chain, so that jqwik shrinks them and the chain
 * independently.
 */
abstract class LifecycleRuns {
    /** Longer chains in the deep profile reach deeper states (several reuses of each slot, crash after crash). */
    private static final int MAX_STEPS = Profile.pick(30, 60);

    private Variant variant = Variant.FIXED;
    private SlotMemoryKind memory = SlotMemoryKind.OBJECT_FIELDS;
    private PmState initial = PmState.RUN;
    private int counterStart;
    private long generationStart;

    /** Every kind of registration, the one the sanity check must refuse included. */
    @Provide
    Arbitrary<ActionChain<LifecycleWorld>> lifecycles() {
        return LifecycleActions.chains(this::newWorld, List.of(WorkerKind.values()), MAX_STEPS);
    }

    /** Parallel workers only, so that every registration and every release moves the parallel counters. */
    @Provide
    Arbitrary<ActionChain<LifecycleWorld>> parallelLifecycles() {
        return LifecycleActions.chains(this::newWorld, List.of(WorkerKind.PARALLEL), MAX_STEPS);
    }

    /**
     * uint32 counter values a step or two from 0, from 2^31 (where a signed reading flips) and from 2^32 (where
     * the counters wrap), and anywhere at all. Two steps, because with max_parallel_workers = 2 the third
     * registration is the one the limit must refuse.
     */
    @Provide
    Arbitrary<Integer> counterStarts() {
        Arbitrary<Integer> nearBoundary = Combinators.combine(Arbitraries.of(0, Integer.MIN_VALUE),
                Arbitraries.integers().between(-2, 2)).as(Integer::sum);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, nearBoundary), net.jqwik.api.Tuple.of(1, Arbitraries.integers()));
    }

    /**
     * Where the postmaster starts: mostly running, else in recovery (before or after consistency), where workers
     * wait for their start time until the startup process reports progress.
     */
    @Provide
    Arbitrary<PmState> startStates() {
        return Arbitraries.frequency(net.jqwik.api.Tuple.of(3, PmState.RUN), net.jqwik.api.Tuple.of(1, PmState.HOT_STANDBY),
                net.jqwik.api.Tuple.of(1, PmState.STARTUP));
    }

    /** uint64 generations a few reuses from 0, 2^63 and 2^64 (the wrap). */
    @Provide
    Arbitrary<Long> generationStarts() {
        return Combinators.combine(Arbitraries.of(0L, Long.MIN_VALUE), Arbitraries.longs().between(-3, 3))
                .as(Long::sum);
    }

    /** Runs one try on a running cluster: the chain starts from a world made of the other parameters. */
    void run(Variant variant, ActionChain<LifecycleWorld> chain, SlotMemoryKind memory, int counterStart,
             long generationStart) {
        run(variant, chain, memory, PmState.RUN, counterStart, generationStart);
    }

    /** Runs one try on a cluster whose postmaster starts in {@code initial}. */
    void run(Variant variant, ActionChain<LifecycleWorld> chain, SlotMemoryKind memory, PmState initial,
             int counterStart, long generationStart) {
        this.variant = variant;
        this.memory = memory;
        this.initial = initial;
        this.counterStart = counterStart;
        this.generationStart = generationStart;
        LifecycleActions.run(chain);
    }

    private LifecycleWorld newWorld() {
        return new LifecycleWorld(variant, memory, initial, counterStart, generationStart);
    }
}
