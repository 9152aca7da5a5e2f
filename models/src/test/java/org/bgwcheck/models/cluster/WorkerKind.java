package org.bgwcheck.models.cluster;

import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.StartTime;

/**
 * The registrations the checks make: one of each shape the protocol treats differently. The notify pid is
 * left 0; {@link Cluster#register} sets it to the registering backend.
 */
public enum WorkerKind {
    /** Attaches to shared memory, never restarts: forgotten once it exits. */
    NEVER_RESTART(BackgroundWorker.named("never-restart")),
    /** Restarted at once after exit code 1. */
    RESTART_AT_ONCE(BackgroundWorker.named("restart-at-once").withRestartTime(0)),
    /** Restarted 5 s after exit code 1. */
    RESTART_AFTER_5S(BackgroundWorker.named("restart-after-5s").withRestartTime(5)),
    /** No shared memory: any non-zero exit, 2 included, is an ordinary restartable exit, never a crash. */
    NO_SHMEM(BackgroundWorker.named("no-shmem").withFlags(0).withRestartTime(5)),
    /**
     * BgWorkerStart_RecoveryFinished, never restarts: listed but not started while the cluster is in recovery. No
     * restart interval, so that a wait, which lets time pass on the real side only, ends alike on both sides.
     */
    AFTER_RECOVERY(BackgroundWorker.named("after-recovery").withStartTime(StartTime.RECOVERY_FINISHED)),
    /** A parallel worker as LaunchParallelWorkers registers it (BgWorkerStart_ConsistentState): counted against max_parallel_workers. */
    PARALLEL(BackgroundWorker.parallel("parallel", 0)),
    /** A parallel worker that asks to be restarted: SanityCheckBackgroundWorker must refuse it (8ff518699f). */
    RESTARTABLE_PARALLEL(BackgroundWorker.parallel("restartable-parallel", 0).withRestartTime(5));

    private final BackgroundWorker worker;

    WorkerKind(BackgroundWorker worker) {
        this.worker = worker;
    }

    public BackgroundWorker worker() {
        return worker;
    }
}
