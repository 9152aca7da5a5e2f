package org.bgwcheck.core.check;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.HandleStatus;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.shmem.ByteBufferSlotMemory;
import org.bgwcheck.core.shmem.SlotArrayLayout;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.sim.SimulatedBackend;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.sim.TraceEvent;
import org.bgwcheck.core.sim.WaitWouldHangException;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerLayout;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.WorkerSettings;

/**
 * Single-threaded scenarios, each written against one property: run under a variant, a scenario returns
 * the violations it observed. The fixed protocol must give none; a fault that is visible without
 * concurrency must give a violation of a property it breaks. Scenarios never look at which variant runs.
 */
public final class SequentialScenarios {
    /**
     * A named scenario over a slot memory it is given fresh, written against {@code property}; {@code exposes}
     * lists the catalogued faults it must see (through a property each of them is declared to break), empty
     * for a path that no catalogued fault changes.
     */
    public record Scenario(String name, Property property, List<Fault> exposes,
                           Function<Run, List<Violation>> body) {
        /** Runs the scenario; the violations it saw, with the cluster's trace as the counterexample. */
        public Result run(Variant variant, Function<Integer, SlotMemory> memory) {
            Run run = new Run(variant, memory);
            List<Violation> violations = body.apply(run);
            return new Result(violations, run.cluster == null ? List.of() : run.cluster.trace());
        }
    }

    /** What a scenario saw, and the steps that led there. */
    public record Result(List<Violation> violations, List<TraceEvent> trace) {
        public boolean violates(List<Property> properties) {
            return violations.stream().anyMatch(v -> properties.contains(v.property()));
        }
    }

    /** What a scenario runs on: the variant under test and a fresh slot memory per cluster. */
    public static final class Run {
        private final Variant variant;
        private final Function<Integer, SlotMemory> memory;
        private SimulatedCluster cluster;

        Run(Variant variant, Function<Integer, SlotMemory> memory) {
            this.variant = variant;
            this.memory = memory;
        }

        SimulatedCluster cluster(int maxWorkers, int maxParallel, PmState state) {
            cluster = new SimulatedCluster(memory.apply(maxWorkers), new WorkerSettings(maxWorkers, maxParallel),
                    variant);
            cluster.startPostmaster(state);
            return cluster;
        }
    }

    private SequentialScenarios() {
    }

    /**
     * Every scenario: one per property a fault breaks without concurrency, then the paths of workers that are
     * registered but not running ({@link UnstartedWorkerScenarios}). The fixed protocol must pass them all.
     */
    public static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>(List.of(
                new Scenario("terminate on a stale handle after slot reuse", Property.S3,
                        List.of(Fault.TERMINATE_IGNORES_GENERATION), SequentialScenarios::staleTerminate),
                new Scenario("status of a stale handle after slot reuse", Property.S3,
                        List.of(Fault.REGISTER_KEEPS_GENERATION, Fault.STATUS_IGNORES_GENERATION),
                        SequentialScenarios::staleStatus),
                new Scenario("wait for a never-restart worker whose launch failed", Property.L1,
                        List.of(Fault.STATUS_IGNORES_IN_USE), SequentialScenarios::waitAfterFailedLaunch),
                new Scenario("parallel limit with counters crossing 2^31", Property.S5,
                        List.of(Fault.SIGNED_COUNTER_COMPARISON), SequentialScenarios::limitAcross2pow31),
                new Scenario("parallel worker in flight during crash-restart", Property.S5,
                        List.of(Fault.PRE_FIX_CRASH_ACCOUNTING), SequentialScenarios::parallelWorkerThroughCrash),
                new Scenario("restartable parallel registration through crash-restart", Property.S5,
                        List.of(Fault.RESTARTABLE_PARALLEL_ALLOWED), SequentialScenarios::restartableParallelThroughCrash),
                new Scenario("non-ASCII and unterminated strings in a slot", Property.S7,
                        List.of(Fault.TRUSTS_SHARED_STRINGS), SequentialScenarios::hostileStrings),
                new Scenario("corrupt total_slots", Property.S7, List.of(Fault.TRUSTS_TOTAL_SLOTS),
                        SequentialScenarios::corruptTotalSlots),
                new Scenario("wait for startup across a smart shutdown", Property.L1,
                        List.of(Fault.NO_SHUTDOWN_CLEANUP), SequentialScenarios::waitAcrossSmartShutdown),
                new Scenario("notify pid reused by a new backend", Property.L3,
                        List.of(Fault.NO_STOP_NOTIFICATIONS), SequentialScenarios::notifyPidReuse)));
        all.addAll(UnstartedWorkerScenarios.all());
        return List.copyOf(all);
    }

    /**
     * For each fault a single thread can see, the first scenario of {@link #all()} that exposes it (the fault is
     * a label for reports, not an input).
     */
    public static Map<Fault, Scenario> byFault() {
        Map<Fault, Scenario> byFault = new EnumMap<>(Fault.class);
        for (Scenario s : all()) {
            for (Fault f : s.exposes()) {
                byFault.putIfAbsent(f, s);
            }
        }
        return Collections.unmodifiableMap(byFault);
    }

    /** Faults no single-threaded scenario can show: they need concurrency or a weak memory model. */
    public static List<Fault> needConcurrency() {
        return List.of(Fault.NO_PUBLISH_BARRIER, Fault.NO_SCAN_READ_BARRIER, Fault.NO_TERMINATE_RELEASE_BARRIER,
                Fault.NO_FORGET_RELEASE_BARRIER, Fault.PID_STORE_AFTER_BARRIER, Fault.SEED_AS_WRITTEN,
                Fault.REGISTER_WITHOUT_LOCK);
    }

    // --- S3 handle safety -------------------------------------------------------------------------------

    private static BackgroundWorkerHandle[] reuseSlot(SimulatedCluster c, SimulatedBackend b) {
        BackgroundWorkerHandle old = b.register(BackgroundWorker.named("first")).orElseThrow();
        c.exitWorker(b.waitForStartup(old).pid(), 0);
        BackgroundWorkerHandle current = b.register(BackgroundWorker.named("second")).orElseThrow();
        b.waitForStartup(current);
        return new BackgroundWorkerHandle[] {old, current};
    }

    private static List<Violation> staleStatus(Run r) {
        SimulatedCluster c = r.cluster(1, 1, PmState.RUN);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle[] h = reuseSlot(c, b);
        WorkerStatus seen = b.status(h[0]);
        List<Violation> out = new ArrayList<>();
        if (seen.status() != HandleStatus.STOPPED) {
            out.add(new Violation(Property.S3, h[0] + " of an exited worker reports " + seen
                    + " after its slot was reused by " + h[1]));
        }
        return out;
    }

    private static List<Violation> staleTerminate(Run r) {
        SimulatedCluster c = r.cluster(1, 1, PmState.RUN);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle[] h = reuseSlot(c, b);
        WorkerStatus before = b.status(h[1]);
        b.terminate(h[0]);
        c.runPostmaster();
        WorkerStatus after = b.status(h[1]);
        List<Violation> out = new ArrayList<>();
        if (!after.equals(before)) {
            out.add(new Violation(Property.S3, "terminate on stale " + h[0] + " changed the slot's next worker "
                    + h[1] + " from " + before + " to " + after));
        }
        return out;
    }

    // --- L1 liveness ----------------------------------------------------------------------------------------

    private static List<Violation> waitAfterFailedLaunch(Run r) {
        SimulatedCluster c = r.cluster(2, 2, PmState.RUN);
        SimulatedBackend b = c.startBackend();
        c.failNextLaunches(1);
        BackgroundWorkerHandle h = b.register(BackgroundWorker.parallel("unlucky", 0)).orElseThrow();
        return answered(b, h, true, c);
    }

    private static List<Violation> waitAcrossSmartShutdown(Run r) {
        SimulatedCluster c = r.cluster(2, 2, PmState.RUN);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(BackgroundWorker.parallel("needed", 0)).orElseThrow();
        c.postmaster().requestShutdown(ShutdownMode.SMART);
        return answered(b, h, true, c);
    }

    /** L1: the wait returns a final answer instead of hanging. */
    static List<Violation> answered(SimulatedBackend b, BackgroundWorkerHandle h, boolean startup,
                                            SimulatedCluster c) {
        try {
            WorkerStatus s = startup ? b.waitForStartup(h) : b.waitForShutdown(h);
            return s.status() == HandleStatus.NOT_YET_STARTED
                    ? List.of(new Violation(Property.L1, "wait returned NOT_YET_STARTED for " + h))
                    : List.of();
        } catch (WaitWouldHangException e) {
            return List.of(new Violation(Property.L1, "backend waiting on " + h + " would wait for ever: "
                    + c.describe()));
        }
    }

    // --- S5 parallel accounting -----------------------------------------------------------------------

    private static List<Violation> limitAcross2pow31(Run r) {
        SimulatedCluster c = r.cluster(4, 1, PmState.RUN);
        c.shm().setParallelRegisterCount(Integer.MAX_VALUE);
        c.shm().setParallelTerminateCount(Integer.MAX_VALUE);
        SimulatedBackend b = c.startBackend();
        for (int i = 0; i < 3; i++) {
            b.register(BackgroundWorker.parallel("p" + i, 0));
        }
        c.runPostmaster();
        return QuiescentInvariants.parallelAccounting(c.shm(), 1);
    }

    private static List<Violation> parallelWorkerThroughCrash(Run r) {
        SimulatedCluster c = r.cluster(4, 2, PmState.RUN);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle crasher = b.register(BackgroundWorker.named("crasher")).orElseThrow();
        b.register(BackgroundWorker.parallel("in flight", 0)).orElseThrow();
        c.runPostmaster();
        c.exitWorker(b.waitForStartup(crasher).pid(), 2);
        return afterCrash(c, 2);
    }

    private static List<Violation> restartableParallelThroughCrash(Run r) {
        SimulatedCluster c = r.cluster(4, 2, PmState.RUN);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle crasher = b.register(BackgroundWorker.named("crasher")).orElseThrow();
        try {
            b.register(BackgroundWorker.parallel("restartable parallel", 0).withRestartTime(0));
        } catch (IllegalArgumentException refused) {
            // The sanity check refused it: exactly what protects the counters.
        }
        c.runPostmaster();
        c.exitWorker(b.waitForStartup(crasher).pid(), 2);
        return afterCrash(c, 2);
    }

    /** After a crash-restart: S5 holds, and a new backend gets exactly the parallel budget that is free. */
    static List<Violation> afterCrash(SimulatedCluster c, int maxParallel) {
        List<Violation> out = QuiescentInvariants.parallelAccounting(c.shm(), maxParallel);
        if (!out.isEmpty()) {
            return out;
        }
        int free = maxParallel - QuiescentInvariants.inUseParallel(c.shm());
        SimulatedBackend next = c.startBackend();
        int granted = 0;
        for (int i = 0; i < maxParallel; i++) {
            if (next.register(BackgroundWorker.parallel("after crash " + i, 0)).isPresent()) {
                granted++;
            }
        }
        if (granted != free) {
            return List.of(new Violation(Property.S5, "after crash-restart " + granted + " parallel registrations"
                    + " were granted, but " + free + " of " + maxParallel + " were free"));
        }
        c.runPostmaster();
        return QuiescentInvariants.parallelAccounting(c.shm(), maxParallel);
    }

    // --- S7 robustness -----------------------------------------------------------------------------------

    private static List<Violation> hostileStrings(Run r) {
        SimulatedCluster c = r.cluster(2, 2, PmState.RUN);
        SimulatedBackend b = c.startBackend();
        b.register(BackgroundWorker.named("caf\u00e9 \u00fcber"));
        List<Violation> out = new ArrayList<>(survives(c, () -> { }));
        out.addAll(QuiescentInvariants.sanitizedStrings(c.postmaster().registeredWorkers()));
        if (!out.isEmpty() || !(c.shm() instanceof ByteBufferSlotMemory raw)) {
            return out;
        }
        // A rogue backend fills slot 1 with a name that has no terminating NUL at all.
        ByteBuffer buf = raw.buffer();
        int nameAt = SlotArrayLayout.slotOffset(1) + SlotArrayLayout.SLOT_WORKER + BackgroundWorkerLayout.NAME;
        c.shm().writeWorker(1, BackgroundWorker.named("rogue"));
        for (int i = 0; i < BgwLimits.BGW_MAXLEN; i++) {
            buf.put(nameAt + i, (byte) 'A');
        }
        c.shm().setInUse(1, true);
        out.addAll(survives(c, () -> c.postmaster().handleBackgroundWorkerChange()));
        out.addAll(QuiescentInvariants.sanitizedStrings(c.postmaster().registeredWorkers()));
        return out;
    }

    private static List<Violation> corruptTotalSlots(Run r) {
        SimulatedCluster c = r.cluster(2, 2, PmState.RUN);
        c.shm().setTotalSlots(c.shm().capacity() + 1000);
        c.shm().setInUse(0, true); // something to notice, if the postmaster looks
        List<Violation> out = new ArrayList<>(survives(c, () -> c.postmaster().handleBackgroundWorkerChange()));
        if (out.isEmpty() && c.log().stream().noneMatch(l -> l.message().contains("inconsistent"))) {
            out.add(new Violation(Property.S7, "corrupt total_slots was not logged"));
        }
        return out;
    }

    /** S7: the postmaster neither throws nor stops settling. */
    private static List<Violation> survives(SimulatedCluster c, Runnable poke) {
        try {
            poke.run();
            c.runPostmaster();
            return List.of();
        } catch (RuntimeException e) {
            return List.of(new Violation(Property.S7, "postmaster threw " + e));
        }
    }

    // --- L3 notifications ----------------------------------------------------------------------------------

    private static List<Violation> notifyPidReuse(Run r) {
        SimulatedCluster c = r.cluster(2, 2, PmState.RUN);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(BackgroundWorker.named("outlives its leader")).orElseThrow();
        int worker = b.waitForStartup(h).pid();
        int pid = b.pid();
        c.exitBackend(pid, 0);
        c.startBackend(pid);
        c.exitWorker(worker, 0);
        return c.notificationViolations();
    }
}
