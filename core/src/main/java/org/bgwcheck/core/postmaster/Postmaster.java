package org.bgwcheck.core.postmaster;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bgwcheck.core.env.Log.Level;
import org.bgwcheck.core.env.Signal;
import org.bgwcheck.core.postmaster.WorkerStarter.ExitOutcome;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.variant.VariantSwitch;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.SanityCheck;
import org.bgwcheck.core.worker.WorkerSettings;

/**
 * The postmaster as far as background workers are concerned: its state machine, the events it reacts to
 * (a backend's signal, a child's exit, a shutdown request) and the crash-restart cycle. One thread drives
 * it; it never blocks and never takes a lock.
 *
 * <p>Modelling choices: recovery after a crash-restart is taken as instantaneous (the state returns to
 * {@link PmState#RUN}); backends are children the environment reports with {@link #backendStarted} and
 * {@link #childExited}.
 */
public final class Postmaster {
    private final WorkerSettings settings;
    private final PostmasterEnvironment env;
    private final BackgroundWorkerList list;
    private final PostmasterWorkerSlots slots;
    private final WorkerStarter starter;
    private final SanityCheck sanityCheck;
    @VariantSwitch(fault = Fault.NO_SHUTDOWN_CLEANUP, fixed = true)
    private final boolean shutdownCleanup;
    @VariantSwitch(fault = Fault.NO_STOP_NOTIFICATIONS, fixed = true)
    private final boolean stopNotifications;

    private final Set<Integer> backends = new LinkedHashSet<>();
    private PmState state = PmState.STARTUP;
    private boolean started;
    private boolean fatalError;
    private ShutdownMode shutdown;
    private boolean workersSignalled;
    private int staticWorkers;
    private int crashRestarts;

    public Postmaster(SlotMemory shm, WorkerSettings settings, Variant variant, PostmasterEnvironment env) {
        this(shm, settings, variant, env, WorkerLookup.SLOT_INDEX);
    }

    /** As above, choosing how the private list is searched (for the benchmarks). */
    public Postmaster(SlotMemory shm, WorkerSettings settings, Variant variant, PostmasterEnvironment env,
                      WorkerLookup lookup) {
        if (shm.capacity() < settings.maxWorkerProcesses()) {
            throw new IllegalArgumentException("slot memory holds " + shm.capacity() + " slots but"
                    + " max_worker_processes is " + settings.maxWorkerProcesses());
        }
        this.settings = settings;
        this.env = env;
        this.list = new BackgroundWorkerList(settings.maxWorkerProcesses(), lookup);
        this.slots = new PostmasterWorkerSlots(shm, settings.maxWorkerProcesses(), list, env, variant);
        this.starter = new WorkerStarter(list, slots, env);
        this.sanityCheck = new SanityCheck(variant.has(Fault.RESTARTABLE_PARALLEL_ALLOWED));
        this.shutdownCleanup = !variant.has(Fault.NO_SHUTDOWN_CLEANUP);
        this.stopNotifications = !variant.has(Fault.NO_STOP_NOTIFICATIONS);
    }

    /**
     * RegisterBackgroundWorker: a static worker, registered before the postmaster starts. Problems are
     * logged and the worker skipped, as PostgreSQL does at LOG level.
     */
    public boolean registerBackgroundWorker(BackgroundWorker worker) {
        if (started) {
            throw new IllegalStateException("static background workers must be registered before start()");
        }
        var problem = sanityCheck.problem(worker);
        if (problem.isPresent()) {
            env.log().log(Level.LOG, problem.get());
            return false;
        }
        if (worker.notifyPid() != 0) {
            env.log().log(Level.LOG, "background worker \"" + worker.name()
                    + "\": only dynamic background workers can request notification");
            return false;
        }
        if (++staticWorkers > settings.maxWorkerProcesses()) {
            env.log().log(Level.LOG, "too many background workers: up to " + settings.maxWorkerProcesses()
                    + " can be registered with the current settings");
            return false;
        }
        list.addUnplaced(new RegisteredWorker(SanityCheck.normalize(worker), -1));
        return true;
    }

    /** PostmasterMain: create shared memory from the static workers, enter {@code initial}, start workers. */
    public void start(PmState initial) {
        if (started) {
            throw new IllegalStateException("postmaster already started");
        }
        if (initial != PmState.STARTUP && initial != PmState.HOT_STANDBY && initial != PmState.RUN) {
            throw new IllegalArgumentException("a postmaster starts in STARTUP, HOT_STANDBY or RUN, not " + initial);
        }
        started = true;
        slots.shmemInit();
        state = initial;
        serverLoop();
    }

    /** PMSIGNAL_RECOVERY_CONSISTENT. */
    public void consistentStateReached() {
        advance(PmState.HOT_STANDBY);
    }

    /** The startup process has finished recovery. */
    public void recoveryFinished() {
        advance(PmState.RUN);
    }

    private void advance(PmState to) {
        if (!fatalError && state.ordinal() < to.ordinal() && to.ordinal() <= PmState.RUN.ordinal()) {
            state = to;
            starter.requestStart();
            serverLoop();
        }
    }

    /** A regular backend was forked; it may now be named as a worker's notify pid. */
    public void backendStarted(int pid) {
        requireRunning();
        backends.add(pid);
    }

    /**
     * sigusr1_handler, PMSIGNAL_BACKGROUND_WORKER_CHANGE: a backend registered or terminated a worker. During
     * shutdown new registrations are refused (released as terminated) unless the variant lacks that rule.
     */
    public void handleBackgroundWorkerChange() {
        if (state == PmState.EXITED) {
            return;
        }
        boolean allowNewWorkers = state.ordinal() < PmState.STOP_BACKENDS.ordinal() || !shutdownCleanup;
        slots.stateChange(allowNewWorkers, backends::contains);
        starter.requestStart();
        serverLoop();
    }

    /** ServerLoop's background-worker step: start what may be started, if anything asked for it. */
    public void serverLoop() {
        if (state != PmState.EXITED && starter.wantsToRun()) {
            starter.maybeStartWorkers(state, fatalError);
        }
    }

    /** True when a later {@link #serverLoop()} may start workers (a failed launch, a restart interval). */
    public boolean hasPendingStarts() {
        return state != PmState.EXITED && !fatalError && starter.wantsToRun();
    }

    /** reaper: a child process exited with {@code exitCode} (0, 1, or anything else for a crash). */
    public void childExited(int pid, int exitCode) {
        if (state == PmState.EXITED) {
            return;
        }
        ExitOutcome outcome = starter.workerExited(pid, exitCode);
        if (outcome == ExitOutcome.NOT_A_WORKER && backends.remove(pid)) {
            if (stopNotifications) {
                slots.stopNotifications(pid);
            }
            if (exitCode != 0 && exitCode != 1) {
                outcome = ExitOutcome.CRASHED;
            }
        }
        if (outcome == ExitOutcome.CRASHED) {
            handleChildCrash(pid, exitCode);
        }
        stateMachine();
        serverLoop();
    }

    /** HandleChildCrash: every other child must quit now; shared memory is suspect until re-initialised. */
    private void handleChildCrash(int pid, int exitCode) {
        env.log().log(Level.LOG, "child process (PID " + pid + ") exited with exit code " + exitCode
                + "; terminating any other active server processes");
        if (!fatalError) {
            starter.quitRunningWorkers();
            for (int backend : backends) {
                env.signals().kill(backend, Signal.SIGQUIT);
            }
        }
        fatalError = true;
    }

    /** Fast or smart shutdown. */
    public void requestShutdown(ShutdownMode mode) {
        if (state == PmState.EXITED) {
            return;
        }
        if (shutdown == null || mode == ShutdownMode.FAST) {
            shutdown = mode;
        }
        if (mode == ShutdownMode.FAST) {
            for (int backend : backends) {
                env.signals().kill(backend, Signal.SIGTERM);
            }
        }
        stateMachine();
    }

    /**
     * PostmasterStateMachine: stop starting workers once shutdown allows it; signal the workers once the
     * backends are done; after a crash, re-initialise once every child is gone; exit once shutdown has no
     * children left.
     */
    private void stateMachine() {
        if (shutdown != null && state.ordinal() < PmState.STOP_BACKENDS.ordinal() && stopStartingWorkersNow()) {
            state = PmState.STOP_BACKENDS;
            if (shutdownCleanup) {
                slots.forgetUnstarted();
            }
        }
        if (state == PmState.STOP_BACKENDS && !workersSignalled
                && (shutdown == ShutdownMode.FAST || backends.isEmpty())) {
            starter.terminateRunningWorkers();
            workersSignalled = true;
        }
        if (!backends.isEmpty() || starter.anyRunning()) {
            return;
        }
        if (shutdown != null && state == PmState.STOP_BACKENDS) {
            state = PmState.EXITED;
            env.log().log(Level.LOG, "database system is shut down");
        } else if (fatalError) {
            resetAfterCrash();
        }
    }

    /**
     * A smart shutdown keeps starting workers until the last backend has gone, because those backends may
     * still be waiting for parallel workers (PostgreSQL 14). Without the shutdown cleanup (the older
     * behaviour) it stops starting them at once, and a backend waiting for one waits for ever.
     */
    private boolean stopStartingWorkersNow() {
        return shutdown == ShutdownMode.FAST || backends.isEmpty() || !shutdownCleanup;
    }

    /** The crash-restart cycle's reset: forget never-restart workers, then re-create shared memory. */
    private void resetAfterCrash() {
        slots.resetCrashTimes();
        slots.shmemInit();
        fatalError = false;
        crashRestarts++;
        state = PmState.RUN;
        starter.requestStart();
        env.log().log(Level.LOG, "all server processes terminated; reinitializing");
    }

    private void requireRunning() {
        if (state == PmState.EXITED) {
            throw new IllegalStateException("the postmaster has exited");
        }
    }

    public PmState state() {
        return state;
    }

    public boolean hasExited() {
        return state == PmState.EXITED;
    }

    public boolean inCrashRecovery() {
        return fatalError;
    }

    public int crashRestarts() {
        return crashRestarts;
    }

    public Set<Integer> backends() {
        return Collections.unmodifiableSet(backends);
    }

    /** The private list, in slot order: for invariant checks that compare it with shared memory. */
    public List<RegisteredWorker> registeredWorkers() {
        return Collections.unmodifiableList(list.snapshot());
    }
}
