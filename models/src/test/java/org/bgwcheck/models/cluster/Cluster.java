package org.bgwcheck.models.cluster;

import java.util.Optional;
import java.util.Set;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.worker.BackgroundWorker;

/**
 * What a test can do to a cluster and see of it, in the words of bgworker.c. Two implementations answer it:
 * {@link SimulatedSide}, the real protocol code of core on a simulated cluster, and {@link ModelSide}, core's
 * sequential {@link org.bgwcheck.core.model.ReferenceModel}. A check applies the same steps to both and compares
 * what they answer.
 *
 * <p>Every postmaster event (a child's exit, a shutdown request) reaches a postmaster that has settled, and the
 * postmaster settles after it. So no event overtakes a signal the postmaster has not handled yet: the model applies
 * a terminate request at once, the postmaster only when it scans, and when a worker exits or a start pass runs in
 * between, the real postmaster restarts the worker and then stops it. That race is harmless and outside what the
 * model describes. Likewise the two sides meet at quiescent points only; what happens between the postmaster's
 * separately visible writes is for the layers that model memory (TLA+, jcstress).
 */
public interface Cluster {
    /**
     * RegisterDynamicBackgroundWorker, called by the backend with pid {@code backendPid} (which becomes the
     * notify pid, where notifications are tracked). Empty when the array is full, the parallel limit is reached or SanityCheckBackgroundWorker
     * refuses the registration.
     */
    Optional<BackgroundWorkerHandle> register(int backendPid, BackgroundWorker worker);

    /** GetBackgroundWorkerPid. */
    WorkerStatus status(BackgroundWorkerHandle handle);

    /** TerminateBackgroundWorker. */
    void terminate(BackgroundWorkerHandle handle);

    /**
     * The postmaster does everything it can do now: BackgroundWorkerStateChange for every pending signal,
     * maybe_start_bgworkers, and the exits of the workers it sent SIGTERM (which exit with 1, bgworker_die),
     * until nothing changes any more. The clock does not move.
     */
    void settle();

    /**
     * The worker running in {@code slot}, if any, exits with {@code exitCode} and the postmaster reaps it
     * (CleanupBackgroundWorker, or HandleChildCrash and a crash-restart cycle), then settles.
     */
    void workerExits(int slot, int exitCode);

    /** Time passes; restart intervals are measured against it. */
    void advanceTimeMicros(long micros);

    /** The next {@code n} fork()s of background workers fail. */
    void failNextLaunches(int n);

    /**
     * Fast shutdown (SIGINT to the postmaster): nothing starts any more, unstarted workers are released and
     * running ones get SIGTERM; then the postmaster settles.
     */
    void fastShutdown();

    /** A regular backend with {@code pid} starts (the postmaster forks it); it may then register and wait. */
    void startBackend(int pid);

    /** The backend with pid {@code pid} exits normally; the postmaster reaps it, then settles. */
    void backendExits(int pid);

    /**
     * Smart shutdown (SIGTERM to the postmaster): no new backends; while regular backends remain, workers are
     * still started for them (PostgreSQL 14+); once the last one has gone, as {@link #fastShutdown()}. Then the
     * postmaster settles.
     */
    void smartShutdown();

    /** The recovery reaches a consistent state (PMSIGNAL_RECOVERY_CONSISTENT); then the postmaster settles. */
    void consistentStateReached();

    /** The recovery ends (promotion): the cluster runs normally; then the postmaster settles. */
    void recoveryFinished();

    /**
     * WaitForBackgroundWorkerStartup (or, with {@code forShutdown}, WaitForBackgroundWorkerShutdown) by the
     * backend {@code backendPid}, which registered the worker and so is its notify pid, while the postmaster
     * works; then the postmaster settles. Bounded: {@link WaitOutcome#FOREVER} where nothing could ever end the
     * wait (the real backend sleeps on its latch and nothing sets it).
     */
    WaitOutcome waitFor(int backendPid, BackgroundWorkerHandle handle, boolean forShutdown);

    /** Pids of the worker processes running now. */
    Set<Integer> runningPids();
}
