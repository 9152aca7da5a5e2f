package org.bgwcheck.models.lifecycle;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.state.ActionChain;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.models.report.JqwikCheck;
import org.bgwcheck.models.report.Summary;

/**
 * The lifecycle property under each fault it can see: each of these passes only if jqwik falsifies the
 * property (see {@link JqwikCheck}); the shrunk chain is printed and the time to detect recorded. Single-threaded,
 * so the missing lock (REGISTER_WITHOUT_LOCK) is Lincheck's, and memory-ordering faults are nobody's here.
 */
public class LifecycleFaultProperties extends LifecycleRuns {
    private static final String PROPERTY =
            "every step agrees with ReferenceModel; S2-S6 and L3 after every step; L1/L2 at the end";
    /**
     * Each fault falsifies a try in a few hundred on average; NO_STOP_NOTIFICATIONS, which needs a pid reused
     * before any shutdown, took 41 to 1361 (mean about 700) in six runs. A fault property stops at its first
     * falsified try, so the budget costs time only when a fault goes unseen; it leaves a margin of eight times
     * the slowest mean.
     */
    private static final int QUICK = 6_000;
    private static final int DEEP = 30_000;

    @Property
    @JqwikCheck(check = "jqwik-lifecycle", mode = Summary.Mode.STATEFUL, property = PROPERTY, quickTries = QUICK,
            deepTries = DEEP, detects = Fault.TERMINATE_IGNORES_GENERATION)
    void terminateIgnoresGeneration(Variant variant, @ForAll("lifecycles") ActionChain<LifecycleWorld> chain) {
        run(variant, chain, SlotMemoryKind.OBJECT_FIELDS, 0, 0L);
    }

    @Property
    @JqwikCheck(check = "jqwik-lifecycle", mode = Summary.Mode.STATEFUL, property = PROPERTY, quickTries = QUICK,
            deepTries = DEEP, detects = Fault.REGISTER_KEEPS_GENERATION)
    void registerKeepsGeneration(Variant variant, @ForAll("lifecycles") ActionChain<LifecycleWorld> chain) {
        run(variant, chain, SlotMemoryKind.OBJECT_FIELDS, 0, 0L);
    }

    @Property
    @JqwikCheck(check = "jqwik-lifecycle", mode = Summary.Mode.STATEFUL, property = PROPERTY, quickTries = QUICK,
            deepTries = DEEP, detects = Fault.STATUS_IGNORES_GENERATION)
    void statusIgnoresGeneration(Variant variant, @ForAll("lifecycles") ActionChain<LifecycleWorld> chain) {
        run(variant, chain, SlotMemoryKind.OBJECT_FIELDS, 0, 0L);
    }

    @Property
    @JqwikCheck(check = "jqwik-lifecycle", mode = Summary.Mode.STATEFUL, property = PROPERTY, quickTries = QUICK,
            deepTries = DEEP, detects = Fault.STATUS_IGNORES_IN_USE)
    void statusIgnoresInUse(Variant variant, @ForAll("lifecycles") ActionChain<LifecycleWorld> chain) {
        run(variant, chain, SlotMemoryKind.OBJECT_FIELDS, 0, 0L);
    }

    /**
     * The counters must start within two registrations of 2^31 (about one try in six) and three parallel
     * registrations must then meet: a try in a hundred or so, rarer than the other faults, hence the larger budget.
     */
    @Property
    @JqwikCheck(check = "jqwik-counter-wraparound", mode = Summary.Mode.PROPERTY, property = "S5: register -"
            + " terminate (mod 2^32) counts live parallel workers and respects the limit across the 2^31 and 2^32"
            + " boundaries", quickTries = 10_000, deepTries = 100_000, detects = Fault.SIGNED_COUNTER_COMPARISON)
    void signedCounterComparison(Variant variant, @ForAll("parallelLifecycles") ActionChain<LifecycleWorld> chain,
                                 @ForAll("counterStarts") int counterStart) {
        run(variant, chain, SlotMemoryKind.HEAP_BUFFER, counterStart, 0L);
    }

    @Property
    @JqwikCheck(check = "jqwik-lifecycle", mode = Summary.Mode.STATEFUL, property = PROPERTY, quickTries = QUICK,
            deepTries = DEEP, detects = Fault.PRE_FIX_CRASH_ACCOUNTING)
    void preFixCrashAccounting(Variant variant, @ForAll("parallelLifecycles") ActionChain<LifecycleWorld> chain) {
        run(variant, chain, SlotMemoryKind.OBJECT_FIELDS, 0, 0L);
    }

    @Property
    @JqwikCheck(check = "jqwik-lifecycle", mode = Summary.Mode.STATEFUL, property = PROPERTY, quickTries = QUICK,
            deepTries = DEEP, detects = Fault.RESTARTABLE_PARALLEL_ALLOWED)
    void restartableParallelAllowed(Variant variant, @ForAll("lifecycles") ActionChain<LifecycleWorld> chain) {
        run(variant, chain, SlotMemoryKind.OBJECT_FIELDS, 0, 0L);
    }

    @Property
    @JqwikCheck(check = "jqwik-lifecycle", mode = Summary.Mode.STATEFUL, property = PROPERTY, quickTries = QUICK,
            deepTries = DEEP, detects = Fault.NO_SHUTDOWN_CLEANUP)
    void noShutdownCleanup(Variant variant, @ForAll("lifecycles") ActionChain<LifecycleWorld> chain) {
        run(variant, chain, SlotMemoryKind.OBJECT_FIELDS, 0, 0L);
    }

    @Property
    @JqwikCheck(check = "jqwik-lifecycle", mode = Summary.Mode.STATEFUL, property = PROPERTY, quickTries = QUICK,
            deepTries = DEEP, detects = Fault.NO_STOP_NOTIFICATIONS)
    void noStopNotifications(Variant variant, @ForAll("lifecycles") ActionChain<LifecycleWorld> chain) {
        run(variant, chain, SlotMemoryKind.OBJECT_FIELDS, 0, 0L);
    }
}
