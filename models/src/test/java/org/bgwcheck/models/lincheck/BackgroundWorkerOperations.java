package org.bgwcheck.models.lincheck;

import java.util.Optional;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.WorkerSettings;
import org.bgwcheck.models.cluster.Cluster;
import org.bgwcheck.models.cluster.ModelSide;
import org.bgwcheck.models.cluster.SimulatedSide;
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
 * its events only while no backend call is in flight, is linearizable with respect to the model: there is one
 * order of all calls and events, consistent with their real-time order, in which the model returns every
 * result the implementation returned. This is weaker than linearizability with a concurrent postmaster, which
 * the protocol does not have: the postmaster's separately visible writes can be observed in between (see
 * {@link QuiescentPostmasterScenarios}), and ordering bugs there are for the layers that model memory.
 * What it does cover: backends racing each other under BackgroundWorkerLock, and every handle, stale or current,
 * against every state the postmaster leaves behind.
 */
public abstract class BackgroundWorkerOperations {
    /** The operation group of the postmaster: one thread, and only in the scenario's sequential parts. */
    public static final String POSTMASTER = "postmaster";
    /** Two slots and one parallel worker: slots get reused and the parallel limit bites within a few steps. */
    public static final WorkerSettings SETTINGS = new WorkerSettings(2, 1);
    /** The parallel counters start just below 2^31, so the first parallel registration crosses it. */
    public static final int COUNTER_START = Integer.MAX_VALUE;

    private final Cluster cluster;
    private final int backend;

    BackgroundWorkerOperations(Cluster cluster, int backend) {
        this.cluster = cluster;
        this.backend = backend;
    }

    /** RegisterDynamicBackgroundWorker. */
    @Operation
    public Optional<BackgroundWorkerHandle> register(
            @Param(gen = WorkerKindGen.class, conf = "NEVER_RESTART,RESTART_AT_ONCE,PARALLEL") WorkerKind kind) {
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

    /** The real protocol of core in the variant handed over in {@link #variant}. */
    public static final class Implementation extends BackgroundWorkerOperations {
        /** Lincheck builds its test instances itself, without arguments: the variant under test comes here. */
        static volatile Variant variant = Variant.FIXED;

        public Implementation() {
            super(SimulatedSide.concurrentBackends(variant, SlotMemoryKind.OBJECT_FIELDS, SETTINGS, COUNTER_START),
                    SimulatedCluster.FIRST_BACKEND_PID);
        }
    }

    /** The sequential specification: core's ReferenceModel. */
    public static final class Model extends BackgroundWorkerOperations {
        public Model() {
            super(new ModelSide(SETTINGS), SimulatedCluster.FIRST_BACKEND_PID);
        }
    }
}
