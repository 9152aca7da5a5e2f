package org.bgwcheck.models.lifecycle;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.state.ActionChain;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.models.report.JqwikCheck;
import org.bgwcheck.models.report.Summary;

/**
 * The fixed protocol's whole lifecycle against the reference model, one step at a time: registration, start,
 * exits with 0, 1 and 2, restart intervals, failed forks, start times in recovery, terminate before and after start
 * (also while the registrant sleeps in a wait), stale handles, crash-restart cycles, backends exiting and their
 * pids reused, fast and smart shutdown with workers not yet running and backends waiting, registration after
 * shutdown began; on every backing, with the parallel counters and the slots' generations starting anywhere near
 * where they wrap.
 */
class LifecycleProperties extends LifecycleRuns {

    @Property
    @JqwikCheck(check = "jqwik-lifecycle", mode = Summary.Mode.STATEFUL, quickTries = 2_000, deepTries = 100_000,
            property = "every step agrees with ReferenceModel; S2-S6 and L3 after every step; L1/L2 at the end")
    void lifecycleAgreesWithTheModel(Variant variant,
                                     @ForAll("lifecycles") ActionChain<LifecycleWorld> chain,
                                     @ForAll SlotMemoryKind memory,
                                     @ForAll("startStates") PmState initial,
                                     @ForAll("counterStarts") int counterStart,
                                     @ForAll("generationStarts") long generationStart) {
        run(variant, chain, memory, initial, counterStart, generationStart);
    }

    @Property
    @JqwikCheck(check = "jqwik-counter-wraparound", mode = Summary.Mode.PROPERTY, quickTries = 1_000,
            deepTries = 30_000,
            property = "S5: register - terminate (mod 2^32) counts live parallel workers and respects the limit"
                    + " across the 2^31 and 2^32 boundaries")
    void parallelCountersWrapAround(Variant variant,
                                    @ForAll("parallelLifecycles") ActionChain<LifecycleWorld> chain,
                                    @ForAll("counterStarts") int counterStart) {
        run(variant, chain, SlotMemoryKind.HEAP_BUFFER, counterStart, 0L);
    }

    @Property
    @JqwikCheck(check = "jqwik-generation-wraparound", mode = Summary.Mode.PROPERTY, quickTries = 1_000,
            deepTries = 30_000,
            property = "S3: stale handles stay stale when the uint64 generation wraps")
    void generationsWrapAround(Variant variant,
                               @ForAll("lifecycles") ActionChain<LifecycleWorld> chain,
                               @ForAll("generationStarts") long generationStart) {
        run(variant, chain, SlotMemoryKind.DIRECT_BUFFER, 0, generationStart);
    }
}
