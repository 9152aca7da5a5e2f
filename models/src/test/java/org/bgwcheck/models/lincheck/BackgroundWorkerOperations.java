package org.bgwcheck.models.lincheck;

import java.util.Optional;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.WorkerSettings;
import org.bgwcheck.models.cluster.Cluster;
import org.bgwcheck.models.cluster.ModelSide;
import org.bgwcheck.models.cluster.SimulatedSide;
import org.bgwcheck.models.cluster.WaitOutcome;
import org.bgwcheck.models.cluster.WorkerKind;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * bgworker.c's backend calls and the postmaster's events as Lincheck operations on a {@link Cluster}: the real
 * protocol ({@link Implementation}) is checked against core's sequential reference model ({@link Model}).
 *
 * <p><b>The property checked.</b> Every execution in which backends call RegisterDynamicBackgroundWorker,
 * GetBackgroundWorkerPid and TerminateBackgroundWorker from several threads at once, and the postmaster handles
 * its events (shutdowns included) and backends wait for their workers only while no backend call is in flight, is
 * linearizable with respect to the model: there is one order of all calls and events, consistent with their
 * real-time order, in which the model returns every result the implementation returned. A wait returns the status
 * it ends with, or "waits for ever" where the real backend would sleep on a latch nothing sets; so a lost wake-up
 * (SIGUSR1 missing after the status changed) or an answer that never comes (L1) shows as a wrong result. This is weaker than linearizability with a concurrent postmaster, which
 * the protocol does not have: the postmaster's separately visible writes can be observed in between (see
 * {@link QuiescentPostmasterScenarios}), and ordering bugs there are for the layers that model memory.
 * What it does cover: backends racing each other under BackgroundWorkerLock, and every handle, stale or current,
 * against every state the postmaster leaves behind, before and after a smart or fast shutdown began.
 *
 * <p>The threads act for one backend process, {@value SimulatedCluster#FIRST_BACKEND_PID}, which stays alive: it
 * is the notify pid of every registration and the one that waits; so the postmaster never exits, and a shutdown
 * stays in PM_STOP_BACKENDS where registrations are still made and refused.
 */
public abstract class BackgroundWorkerOperations {
    /** The operation group of the postmaster: one thread, and only in the scenario's sequential parts. */
    public static final String POSTMASTER = "postmaster";
    /**
     * Shutdowns, the end of recovery, and the backend's waits (which run the postmaster while the backend sleeps):
     * also only in the sequential parts, and a group of their own so that model checking can leave them out (see
     * {@link QuiescentPostmasterScenarios.WithoutShutdownsAndWaits}).
     */
    public static final String SHUTDOWN_AND_WAITS = "shutdown-and-waits";
    /** Two slots and one parallel worker: slots get reused and the parallel limit bites within a few steps. */
    public static final WorkerSettings SETTINGS = new WorkerSettings(2, 1);
    /** The parallel counters start just below 2^31, so the first parallel registration crosses it. */
    public static final int COUNTER_START = Integer.MAX_VALUE;
    /**
     * A hot standby: every kind registered here starts at once except AFTER_RECOVERY, which stays listed but not
     * started until {@link #recoveryFinished()}; so a worker can be terminated, waited for and forgotten at shutdown
     * while it is not running.
     */
    public static final PmState START = PmState.HOT_STANDBY;

    private final Cluster cluster;
    private final int backend;

    BackgroundWorkerOperations(Cluster cluster, int backend) {
        this.cluster = cluster;
        this.backend = backend;
        cluster.startBackend(backend);
    }

    /** RegisterDynamicBackgroundWorker. */
    @Operation
    public Optional<BackgroundWorkerHandle> register(
            @Param(gen = WorkerKindGen.class, conf = "NEVER_RESTART,RESTART_AT_ONCE,PARALLEL,AFTER_RECOVERY")
            WorkerKind kind) {
        return cluster.register(backend, kind.worker());
    }

    /** GetBackgroundWorkerPid. */
    @Operation
    public WorkerStatus status(@Param(gen = HandleGen.class, conf = "2:2") BackgroundWorkerHandle handle) {
        return cluster.status(handle);
    }

    /** TerminateBackgroundWorker. */
    @Operation
    public void terminate(@Param(gen = HandleGen.class, conf = "2:2") BackgroundWorkerHandle handle) {
        cluster.terminate(handle);
    }

    /** sigusr1_handler and ServerLoop: BackgroundWorkerStateChange, maybe_start_bgworkers, SIGTERM exits. */
    @Operation(nonParallelGroup = POSTMASTER)
    public void postmasterSettles() {
        cluster.settle();
    }

    /** reaper: the worker in {@code slot} exits with 0 (done) or 1 (restart unless terminated or never-restart). */
    @Operation(nonParallelGroup = POSTMASTER)
    public void workerExits(@Param(gen = IntGen.class, conf = "0:1") int slot,
                            @Param(gen = IntGen.class, conf = "0:1") int exitCode) {
        cluster.workerExits(slot, exitCode);
    }

    /**
     * The postmaster settles and its first fork() fails (do_start_bgworker): a never-restart worker is then
     * forgotten without ever having started, the one way a slot is released with its pid still "not started".
     */
    @Operation(nonParallelGroup = POSTMASTER)
    public void postmasterSettlesForkFailing() {
        cluster.failNextLaunches(1);
        cluster.settle();
    }

    /**
     * WaitForBackgroundWorkerStartup by the registering backend. The backend sleeps while the postmaster works, so
     * it runs only where the postmaster may (the sequential parts).
     */
    @Operation(nonParallelGroup = SHUTDOWN_AND_WAITS)
    public WaitOutcome waitForStartup(@Param(gen = HandleGen.class, conf = "2:2") BackgroundWorkerHandle handle) {
        return cluster.waitFor(backend, handle, false);
    }

    /** WaitForBackgroundWorkerShutdown by the registering backend; see {@link #waitForStartup}. */
    @Operation(nonParallelGroup = SHUTDOWN_AND_WAITS)
    public WaitOutcome waitForShutdown(@Param(gen = HandleGen.class, conf = "2:2") BackgroundWorkerHandle handle) {
        return cluster.waitFor(backend, handle, true);
    }

    /** pmdie, SIGINT: fast shutdown; the backend ignores its SIGTERM and lives on. */
    @Operation(nonParallelGroup = SHUTDOWN_AND_WAITS)
    public void fastShutdown() {
        cluster.fastShutdown();
    }

    /** pmdie, SIGTERM: smart shutdown; with the backend alive, workers are still started for it (PostgreSQL 14+). */
    @Operation(nonParallelGroup = SHUTDOWN_AND_WAITS)
    public void smartShutdown() {
        cluster.smartShutdown();
    }

    /** The startup process finishes recovery (promotion): AFTER_RECOVERY workers may start. */
    @Operation(nonParallelGroup = SHUTDOWN_AND_WAITS)
    public void recoveryFinished() {
        cluster.recoveryFinished();
    }

    /** The real protocol of core in the variant handed over in {@link #variant}. */
    public static final class Implementation extends BackgroundWorkerOperations {
        /** Lincheck builds its test instances itself, without arguments: the variant under test comes here. */
        static volatile Variant variant = Variant.FIXED;

        public Implementation() {
            super(SimulatedSide.concurrentBackends(variant, SlotMemoryKind.OBJECT_FIELDS, SETTINGS, START,
                    COUNTER_START),
                    SimulatedCluster.FIRST_BACKEND_PID);
        }
    }

    /** The sequential specification: core's ReferenceModel. */
    public static final class Model extends BackgroundWorkerOperations {
        public Model() {
            super(new ModelSide(SETTINGS, START), SimulatedCluster.FIRST_BACKEND_PID);
        }
    }
}
