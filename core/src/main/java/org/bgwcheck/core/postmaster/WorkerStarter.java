package org.bgwcheck.core.postmaster;

import org.bgwcheck.core.env.Log.Level;
import org.bgwcheck.core.env.Signal;
import org.bgwcheck.core.env.WorkerProcesses;
import org.bgwcheck.core.worker.BgwFlags;

/**
 * postmaster.c's background-worker lifecycle: starting workers when they may run
 * ({@code maybe_start_bgworkers}, {@code do_start_bgworker}) and taking them back when they exit
 * ({@code CleanupBackgroundWorker}). Decisions only; slot writes go through {@link PostmasterWorkerSlots}.
 */
final class WorkerStarter {
    /** MAX_BGWORKERS_TO_LAUNCH: bound the work of one pass so the server loop stays responsive. */
    static final int MAX_BGWORKERS_TO_LAUNCH = 100;

    /** What an exit meant for the postmaster. */
    enum ExitOutcome { NOT_A_WORKER, EXITED, CRASHED }

    private final BackgroundWorkerList list;
    private final PostmasterWorkerSlots slots;
    private final PostmasterEnvironment env;

    /** StartWorkerNeeded / HaveCrashedWorker: call {@link #maybeStartWorkers} again on the next loop. */
    private boolean startWorkerNeeded = true;
    private boolean haveCrashedWorker;

    WorkerStarter(BackgroundWorkerList list, PostmasterWorkerSlots slots, PostmasterEnvironment env) {
        this.list = list;
        this.slots = slots;
        this.env = env;
    }

    void requestStart() {
        startWorkerNeeded = true;
    }

    boolean wantsToRun() {
        return startWorkerNeeded || haveCrashedWorker;
    }

    /**
     * maybe_start_bgworkers: start every listed worker that is not running, not terminated, past its
     * restart interval and allowed by the postmaster state; forget terminated and never-restart ones.
     */
    void maybeStartWorkers(PmState state, boolean fatalError) {
        startWorkerNeeded = false;
        haveCrashedWorker = false;
        if (fatalError) {
            return; // crash-restart in progress: the reset will ask again
        }
        int launched = 0;
        long now = 0;
        for (RegisteredWorker rw : list.snapshot()) {
            if (rw.pid != 0) {
                continue;
            }
            if (rw.terminate) {
                slots.forget(rw);
                continue;
            }
            if (rw.crashedAt != 0) {
                if (rw.neverRestarts()) {
                    int notifyPid = rw.notifyPid;
                    slots.forget(rw);
                    if (notifyPid != 0) {
                        env.signals().kill(notifyPid, Signal.SIGUSR1);
                    }
                    continue;
                }
                if (now == 0) {
                    now = env.clock().currentTimestampMicros();
                }
                if (!restartIntervalPassed(rw, now)) {
                    haveCrashedWorker = true;
                    continue;
                }
            }
            if (state.allowsStart(rw.worker().startTime())) {
                rw.crashedAt = 0;
                if (!doStartWorker(rw)) {
                    startWorkerNeeded = true; // retry on the next loop
                    return;
                }
                if (++launched >= MAX_BGWORKERS_TO_LAUNCH) {
                    startWorkerNeeded = true;
                    return;
                }
            }
        }
    }

    /** TimestampDifferenceExceeds(crashed_at, now, bgw_restart_time * 1000), in 64-bit arithmetic. */
    private static boolean restartIntervalPassed(RegisteredWorker rw, long now) {
        return now - rw.crashedAt >= rw.worker().restartTime() * 1_000_000L;
    }

    /**
     * do_start_bgworker. A failed launch marks the worker crashed, so it is retried after its restart
     * interval - or, if it never restarts, forgotten and reported stopped on the next pass.
     */
    private boolean doStartWorker(RegisteredWorker rw) {
        env.log().log(Level.DEBUG1, "starting background worker process \"" + rw.worker().name() + "\"");
        int pid = env.processes().launch(rw.launchImage(), rw.shmemSlot);
        if (pid == WorkerProcesses.LAUNCH_FAILED || pid <= 0) {
            env.log().log(Level.LOG, "could not fork background worker process \"" + rw.worker().name() + "\"");
            rw.crashedAt = crashTimestamp();
            return false;
        }
        rw.pid = pid;
        slots.reportPid(rw);
        return true;
    }

    /**
     * CleanupBackgroundWorker: exit 0 means "done, never again"; any other exit schedules a restart; for a
     * shared-memory worker anything but 0 or 1 is a crash that takes the whole cluster through restart.
     */
    ExitOutcome workerExited(int pid, int exitCode) {
        RegisteredWorker rw = list.findByPid(pid);
        if (rw == null) {
            return ExitOutcome.NOT_A_WORKER;
        }
        if (exitCode != 0) {
            rw.crashedAt = crashTimestamp();
        } else {
            rw.crashedAt = 0;
            rw.terminate = true;
        }
        rw.pid = 0;
        if (BgwFlags.hasShmemAccess(rw.worker().flags()) && exitCode != 0 && exitCode != 1) {
            return ExitOutcome.CRASHED; // no report: the crash-restart re-initialises the slot
        }
        slots.reportExit(rw);
        env.log().log(exitCode == 0 ? Level.DEBUG1 : Level.LOG,
                "background worker \"" + rw.worker().type() + "\" (PID " + pid + ") exited with exit code "
                        + exitCode);
        startWorkerNeeded = true;
        return ExitOutcome.EXITED;
    }

    /** GetCurrentTimestamp for rw_crashed_at, where 0 means "not crashed" and so must never be stored. */
    private long crashTimestamp() {
        return Math.max(1, env.clock().currentTimestampMicros());
    }

    /** HandleChildCrash, worker part: every other running worker must quit at once. */
    void quitRunningWorkers() {
        for (RegisteredWorker rw : list.snapshot()) {
            if (rw.pid != 0) {
                env.signals().kill(rw.pid, Signal.SIGQUIT);
            }
        }
    }

    /** Shutdown: ask every running worker to exit. */
    void terminateRunningWorkers() {
        for (RegisteredWorker rw : list.snapshot()) {
            if (rw.pid != 0) {
                env.signals().kill(rw.pid, Signal.SIGTERM);
            }
        }
    }

    boolean anyRunning() {
        for (RegisteredWorker rw : list.snapshot()) {
            if (rw.pid != 0) {
                return true;
            }
        }
        return false;
    }
}
