package org.bgwcheck.models.cluster;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.RegisteredWorker;
import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.sim.SimulatedBackend;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.sim.WaitWouldHangException;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.InvalidWorkerException;
import org.bgwcheck.core.worker.WorkerSettings;

/**
 * The real protocol of core, in one {@link SimulatedCluster} whose postmaster is already running (in recovery or
 * in PM_RUN).
 *
 * <p>Backends come in two forms. {@link SimulatedBackend}s are processes of the simulation: they register with
 * themselves as notify pid and each call is recorded, so notifications can be checked per process (L3); but like
 * the rest of the simulation they are single-threaded (they append to one trace). Backends that call from several
 * threads at once ({@link #concurrentBackends}) call the protocol's {@code DynamicBackgroundWorkers} directly,
 * which is what BackgroundWorkerLock makes safe, naming the backend they act for as notify pid; only that
 * backend's waits, which run the postmaster, must come one at a time.
 */
public final class SimulatedSide implements Cluster {
    private final SimulatedCluster cluster;
    private final Map<Integer, SimulatedBackend> backends = new LinkedHashMap<>();
    private final boolean directBackends;
    private int launchFailuresInjected;

    /**
     * @param counterStart    parallel_register_count and parallel_terminate_count before the first registration:
     *                        wrap-around is only reachable from a start near 2^31 or 2^32
     * @param generationStart every slot's generation before its first registration (the model starts at 0);
     *                        a check that moves it pairs handles instead of comparing their values
     */
    public SimulatedSide(Variant variant, SlotMemoryKind memory, WorkerSettings settings, int counterStart,
                         long generationStart) {
        this(variant, memory, settings, PmState.RUN, counterStart, generationStart, false);
    }

    /** As above, the postmaster starting in {@code initial} (STARTUP or HOT_STANDBY: recovery; or RUN). */
    public SimulatedSide(Variant variant, SlotMemoryKind memory, WorkerSettings settings, PmState initial,
                         int counterStart, long generationStart) {
        this(variant, memory, settings, initial, counterStart, generationStart, false);
    }

    private SimulatedSide(Variant variant, SlotMemoryKind memory, WorkerSettings settings, PmState initial,
                          int counterStart, long generationStart, boolean concurrentBackends) {
        this.directBackends = concurrentBackends;
        cluster = new SimulatedCluster(memory.create(settings.maxWorkerProcesses()), settings, variant);
        cluster.startPostmaster(initial);
        SlotMemory shm = cluster.shm();
        shm.setParallelRegisterCount(counterStart);
        shm.setParallelTerminateCount(counterStart);
        for (int slot = 0; slot < shm.capacity(); slot++) {
            shm.setGeneration(slot, generationStart);
        }
    }

    /** A side whose backends call from several threads at once; notifications are not checked. */
    public static SimulatedSide concurrentBackends(Variant variant, SlotMemoryKind memory, WorkerSettings settings,
                                                   PmState initial, int counterStart) {
        return new SimulatedSide(variant, memory, settings, initial, counterStart, 0L, true);
    }

    /** A new backend process with {@code pid}, which an exited process may have had before (L3). */
    @Override
    public void startBackend(int pid) {
        backends.put(pid, cluster.startBackend(pid));
    }

    /** Backends alive now: a crash-restart takes them all (SIGQUIT). */
    public Set<Integer> liveBackends() {
        backends.keySet().retainAll(cluster.postmaster().backends());
        return Set.copyOf(backends.keySet());
    }

    public SimulatedBackend backend(int pid) {
        SimulatedBackend b = backends.get(pid);
        if (b == null || !cluster.postmaster().backends().contains(pid)) {
            throw new IllegalArgumentException("no live backend has pid " + pid);
        }
        return b;
    }

    public SimulatedCluster cluster() {
        return cluster;
    }

    @Override
    public Optional<BackgroundWorkerHandle> register(int backendPid, BackgroundWorker worker) {
        try {
            return directBackends ? cluster.api().registerDynamicWorker(worker.withNotifyPid(backendPid))
                    : backend(backendPid).register(worker);
        } catch (InvalidWorkerException refused) {
            return Optional.empty();
        }
    }

    @Override
    public WorkerStatus status(BackgroundWorkerHandle handle) {
        return cluster.api().getWorkerPid(handle);
    }

    @Override
    public void terminate(BackgroundWorkerHandle handle) {
        cluster.api().terminate(handle);
    }

    /**
     * Each round of the simulated server loop does at least one start pass when one is wanted, and a pass
     * consumes at most one injected fork failure; two more rounds finish what the last failure left.
     */
    @Override
    public void settle() {
        for (int round = 0; round < launchFailuresInjected + 2; round++) {
            cluster.runPostmaster();
        }
    }

    @Override
    public void workerExits(int slot, int exitCode) {
        settle();
        for (RegisteredWorker rw : cluster.postmaster().registeredWorkers()) {
            if (rw.shmemSlot() == slot && rw.pid() != 0) {
                cluster.exitWorker(rw.pid(), exitCode);
                break;
            }
        }
        settle();
    }

    @Override
    public void advanceTimeMicros(long micros) {
        cluster.advanceTimeMicros(micros);
    }

    @Override
    public void failNextLaunches(int n) {
        cluster.failNextLaunches(n);
        launchFailuresInjected += n;
    }

    @Override
    public void fastShutdown() {
        settle();
        cluster.postmaster().requestShutdown(ShutdownMode.FAST);
        settle();
    }

    @Override
    public void smartShutdown() {
        settle();
        cluster.postmaster().requestShutdown(ShutdownMode.SMART);
        settle();
    }

    @Override
    public void consistentStateReached() {
        settle();
        cluster.postmaster().consistentStateReached();
        settle();
    }

    @Override
    public void recoveryFinished() {
        settle();
        cluster.postmaster().recoveryFinished();
        settle();
    }

    /** The backend's own wait, which runs the simulated postmaster while it sleeps on its latch. */
    @Override
    public WaitOutcome waitFor(int backendPid, BackgroundWorkerHandle handle, boolean forShutdown) {
        SimulatedBackend b = backend(backendPid);
        WaitOutcome outcome;
        try {
            outcome = new WaitOutcome(forShutdown ? b.waitForShutdown(handle) : b.waitForStartup(handle));
        } catch (WaitWouldHangException nothingWillSetTheLatch) {
            outcome = WaitOutcome.FOREVER;
        }
        settle();
        return outcome;
    }

    @Override
    public void backendExits(int pid) {
        backend(pid);
        settle();
        cluster.exitBackend(pid, 0);
        backends.remove(pid);
        settle();
    }

    @Override
    public Set<Integer> runningPids() {
        return new HashSet<>(cluster.runningWorkers().keySet());
    }
}
