package org.bgwcheck.stress.race;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.DynamicBackgroundWorkers;
import org.bgwcheck.core.backend.InProcessBackgroundWorkerLock;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.check.QuiescentInvariants;
import org.bgwcheck.core.env.Log;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.Postmaster;
import org.bgwcheck.core.postmaster.PostmasterEnvironment;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.WorkerSettings;

/**
 * One jcstress sample's cluster: a fresh slot array with the real postmaster and the real backend side of
 * {@code core} on it. jcstress builds one per sample, so it is as small as the scenarios allow:
 * {@code max_worker_processes = 1}, so that a backend can only ever register in the slot the postmaster is
 * releasing; an environment that logs nothing, signals nobody and starts every worker as {@link #WORKER_PID},
 * remembering what it was started with.
 *
 * <p>The backend's {@code SendPostmasterSignal} is dropped: the postmaster actor of a scenario <em>is</em> the
 * postmaster reacting to it, at a moment jcstress chooses.
 *
 * <p>The slot memory backing is chosen for the whole JVM by the system property {@value #BACKING_PROPERTY}
 * ({@link SlotMemoryKind} name, default {@code OBJECT_FIELDS}), which the gate passes to jcstress and jcstress
 * passes on to every test JVM it forks.
 */
public final class StressCluster {
    public static final String BACKING_PROPERTY = "bgwcheck.stress.backing";
    static final SlotMemoryKind BACKING =
            SlotMemoryKind.valueOf(System.getProperty(BACKING_PROPERTY, SlotMemoryKind.OBJECT_FIELDS.name()));

    /** The parallel leader that registered the slot's previous worker. */
    static final int PREVIOUS_LEADER_PID = 1000;
    /** The parallel leader that registers the slot's next worker. */
    static final int NEXT_LEADER_PID = 1001;
    /** The pid every launched worker gets: a scenario never has two workers alive. */
    static final int WORKER_PID = 5000;
    /** max_parallel_workers: high enough that the limit never refuses, so a refusal means "slot not free". */
    static final int MAX_PARALLEL_WORKERS = 8;

    /**
     * The slot's previous and next registration: parallel workers as {@code LaunchParallelWorkers} registers
     * them, different in every field a reordering could mix up (name, type, main argument, extra bytes and
     * notify pid; the rest is what every parallel worker has).
     */
    static final BackgroundWorker PREVIOUS = parallelWorker("previous", PREVIOUS_LEADER_PID, 1L, (byte) 0x11);
    static final BackgroundWorker NEXT = parallelWorker("next", NEXT_LEADER_PID, 2L, (byte) 0x22);

    private static final WorkerSettings SETTINGS = new WorkerSettings(1, MAX_PARALLEL_WORKERS);
    private static final long NOW_MICROS = 1_000_000_000_000L;

    final SlotMemory shm;
    private final Postmaster postmaster;
    private final DynamicBackgroundWorkers backends;
    /** What the postmaster last started a worker process with; only the postmaster's thread writes it. */
    private BackgroundWorker launched;

    /** A postmaster in {@link PmState#RUN} with both leaders connected and the slot free and zeroed. */
    StressCluster(Variant variant) {
        shm = BACKING.create(SETTINGS.maxWorkerProcesses());
        postmaster = new Postmaster(shm, SETTINGS, variant, new PostmasterEnvironment(
                (pid, signal) -> { }, this::launch, () -> NOW_MICROS, Log.DISCARD));
        backends = new DynamicBackgroundWorkers(shm, new InProcessBackgroundWorkerLock(), () -> { }, SETTINGS,
                variant);
        postmaster.start(PmState.RUN);
        postmaster.backendStarted(PREVIOUS_LEADER_PID);
        postmaster.backendStarted(NEXT_LEADER_PID);
    }

    private int launch(BackgroundWorker worker, int slot) {
        launched = worker;
        return WORKER_PID;
    }

    private static BackgroundWorker parallelWorker(String name, int leaderPid, long mainArg, byte extra) {
        return BackgroundWorker.parallel(name + " parallel worker", leaderPid)
                .withType(name + " parallel worker type")
                .withMainArg(mainArg)
                .withExtra(new byte[] {extra, extra, extra, extra});
    }

    // --- steps of the protocol, named after the C function that takes them ------------------------------

    /** RegisterDynamicBackgroundWorker in a backend: the handle, or null when the only slot was not free. */
    BackgroundWorkerHandle registerDynamicBackgroundWorker(BackgroundWorker worker) {
        return backends.registerDynamicWorker(worker).orElse(null);
    }

    /** TerminateBackgroundWorker in a backend. */
    void terminateBackgroundWorker(BackgroundWorkerHandle handle) {
        backends.terminate(handle);
    }

    /** The postmaster receiving PMSIGNAL_BACKGROUND_WORKER_CHANGE: BackgroundWorkerStateChange, then its start pass. */
    void backgroundWorkerStateChange() {
        postmaster.handleBackgroundWorkerChange();
    }

    /** The previous registration is running as {@link #WORKER_PID}: registered, noticed and started. */
    void previousRunning() {
        registerDynamicBackgroundWorker(PREVIOUS);
        backgroundWorkerStateChange();
    }

    /**
     * The previous registration, registered and at once terminated by its leader, as a parallel leader that
     * gives up does; the postmaster has noticed neither.
     */
    BackgroundWorkerHandle previousTerminatedUnnoticed() {
        BackgroundWorkerHandle handle = registerDynamicBackgroundWorker(PREVIOUS);
        terminateBackgroundWorker(handle);
        return handle;
    }

    /**
     * The previous registration has come and gone the cheapest way the protocol allows: terminated before the
     * postmaster noticed it, then freed by BackgroundWorkerStateChange. The slot still holds the previous
     * registration's bytes, including {@code terminate = true}.
     */
    BackgroundWorkerHandle previousReleased() {
        BackgroundWorkerHandle handle = previousTerminatedUnnoticed();
        backgroundWorkerStateChange();
        return handle;
    }

    /**
     * The postmaster's reaper collecting {@link #WORKER_PID}: CleanupBackgroundWorker, then
     * ReportBackgroundWorkerExit, which forgets a worker that will not restart (ForgetBackgroundWorker).
     */
    void workerExited(int exitCode) {
        postmaster.childExited(WORKER_PID, exitCode);
    }

    // --- what the arbiters look at, once the actors are done ----------------------------------------------

    /** GetBackgroundWorkerPid, as {@link WorkerStatus#toString()} words it. */
    String status(BackgroundWorkerHandle handle) {
        return backends.getWorkerPid(handle).toString();
    }

    /** The registration the postmaster last started a worker process with, or null if it started none. */
    BackgroundWorker launched() {
        return launched;
    }

    /** S5: register - terminate (mod 2^32) equals the parallel registrations in use. */
    boolean parallelAccountingHolds() {
        return QuiescentInvariants.parallelAccounting(shm, MAX_PARALLEL_WORKERS).isEmpty();
    }
}
