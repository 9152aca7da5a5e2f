package org.bgwcheck.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.StartTime;

/**
 * The sequential reference model: what the slot protocol must look like to its users when every operation
 * happens atomically, one at a time. It knows nothing of fences, locks, the postmaster's private list or
 * the C layout; it keeps, per slot, either nothing or one registration in a named {@link Phase}, and it
 * counts live parallel registrations directly instead of deriving them from two wrapping counters.
 *
 * <p>Contracts shared with the implementation's simulation, so results can be compared exactly: workers are
 * started in ascending slot order; the n-th launch gets pid {@code firstWorkerPid + n}; a crash-restart
 * re-places the surviving registrations from slot 0 in ascending order of their old slots, generation 0.
 * Registrations are checked by the caller (the model assumes they passed the sanity check), and only
 * well-formed start-time codes are modelled.
 */
public final class ReferenceModel {
    /** Where a registration stands, from the backends' point of view. */
    public enum Phase {
        /** In shared memory; the postmaster has not noticed it yet. */
        PENDING,
        /** Noticed, not running yet (never started, or its launch failed). */
        WAITING,
        /** Running with {@link Registration#pid}. */
        RUNNING,
        /** Exited with code 1 (or crashed, for a worker without shared memory); restarts later. */
        EXITED_WILL_RESTART,
        /** Terminated while not running; reported dead, released on the next start pass. */
        TERMINATED
    }

    /** One registration. Mutable, private to the model. */
    public static final class Registration {
        final BackgroundWorker worker;
        long generation;
        Phase phase = Phase.PENDING;
        int pid;
        boolean terminateRequested;
        /** When its launch failed or it exited with a restartable code; {@link #NOT_FAILED} otherwise. */
        long failedOrExitedAt = NOT_FAILED;

        Registration(BackgroundWorker worker, long generation) {
            this.worker = worker;
            this.generation = generation;
        }

        public Phase phase() {
            return phase;
        }

        public int pid() {
            return pid;
        }

        public BackgroundWorker worker() {
            return worker;
        }

        public long generation() {
            return generation;
        }

        public boolean terminateRequested() {
            return terminateRequested;
        }

        boolean parallel() {
            return BgwFlags.isParallel(worker.flags());
        }

        boolean neverRestarts() {
            return worker.restartTime() == BgwLimits.BGW_NEVER_RESTART;
        }
    }

    private static final long NOT_FAILED = Long.MIN_VALUE;

    /** What the model's postmaster may start, mirroring the cluster's recovery state. */
    public enum Readiness { STARTUP, CONSISTENT, RUNNING, SHUTTING_DOWN }

    private final int maxParallelWorkers;
    private final Registration[] slots;
    private final long[] lastGeneration;
    private int nextPid;
    private Readiness readiness = Readiness.RUNNING;
    private long now;
    private int launchFailuresToInject;

    public ReferenceModel(int maxWorkerProcesses, int maxParallelWorkers, int firstWorkerPid) {
        this.maxParallelWorkers = maxParallelWorkers;
        this.slots = new Registration[maxWorkerProcesses];
        this.lastGeneration = new long[maxWorkerProcesses];
        this.nextPid = firstWorkerPid;
    }

    // --- backends ----------------------------------------------------------------------------------------

    /** A registration takes the lowest free slot, unless the array is full or the parallel limit is reached. */
    public Optional<BackgroundWorkerHandle> register(BackgroundWorker worker) {
        if (BgwFlags.isParallel(worker.flags()) && liveParallel() >= maxParallelWorkers) {
            return Optional.empty();
        }
        for (int s = 0; s < slots.length; s++) {
            if (slots[s] == null) {
                lastGeneration[s]++;
                slots[s] = new Registration(worker, lastGeneration[s]);
                return Optional.of(new BackgroundWorkerHandle(s, lastGeneration[s]));
            }
        }
        return Optional.empty();
    }

    /** A handle sees only its own registration: a free slot or a newer registration means STOPPED. */
    public WorkerStatus status(BackgroundWorkerHandle h) {
        Registration r = own(h);
        if (r == null) {
            return WorkerStatus.STOPPED;
        }
        return switch (r.phase) {
            case PENDING, WAITING -> WorkerStatus.NOT_YET_STARTED;
            case RUNNING -> WorkerStatus.started(r.pid);
            case EXITED_WILL_RESTART, TERMINATED -> WorkerStatus.STOPPED;
        };
    }

    /** A terminate request reaches only the handle's own registration. */
    public void terminate(BackgroundWorkerHandle h) {
        Registration r = own(h);
        if (r != null) {
            r.terminateRequested = true;
        }
    }

    private Registration own(BackgroundWorkerHandle h) {
        Registration r = slots[h.slot()];
        return r != null && r.generation == h.generation() ? r : null;
    }

    // --- postmaster ------------------------------------------------------------------------------------

    /** The postmaster notices new registrations and terminate requests. */
    public void noticeChanges() {
        for (int s = 0; s < slots.length; s++) {
            Registration r = slots[s];
            if (r == null) {
                continue;
            }
            if (r.phase == Phase.PENDING) {
                if (r.terminateRequested || readiness == Readiness.SHUTTING_DOWN) {
                    slots[s] = null;
                } else {
                    r.phase = Phase.WAITING;
                }
            } else if (r.terminateRequested && (r.phase == Phase.WAITING || r.phase == Phase.EXITED_WILL_RESTART)) {
                r.phase = Phase.TERMINATED;
            }
        }
    }

    /** The start pass: release what is finished, start what may start, in slot order. */
    public void startWorkers() {
        // During shutdown nothing starts (mayStart), but finished registrations are still released.
        for (int s = 0; s < slots.length; s++) {
            Registration r = slots[s];
            if (r == null || r.phase == Phase.PENDING || r.phase == Phase.RUNNING) {
                continue;
            }
            if (r.phase == Phase.TERMINATED) {
                slots[s] = null;
                continue;
            }
            if (r.failedOrExitedAt != NOT_FAILED) {
                if (r.neverRestarts()) {
                    slots[s] = null;       // only a failed launch gets here: reported gone, never retried
                    continue;
                }
                if (now - r.failedOrExitedAt < r.worker.restartTime() * 1_000_000L) {
                    continue;
                }
            }
            if (!mayStart(r.worker.startTime())) {
                continue;
            }
            if (launchFailuresToInject > 0) {
                launchFailuresToInject--;
                r.failedOrExitedAt = now;  // status unchanged: a failed launch was never a start
                return;                    // the pass stops at a failure; the next one retries
            }
            r.phase = Phase.RUNNING;
            r.pid = nextPid++;
            r.failedOrExitedAt = NOT_FAILED;
        }
    }

    private boolean mayStart(int startTime) {
        return switch (readiness) {
            case RUNNING -> true;
            case CONSISTENT -> startTime != StartTime.RECOVERY_FINISHED.code();
            case STARTUP -> startTime == StartTime.POSTMASTER_START.code();
            case SHUTTING_DOWN -> false;
        };
    }

    /**
     * A running worker exits. 0: finished for good. 1: restarts after its interval unless it never restarts
     * or was asked to terminate. Anything else from a shared-memory worker: crash-restart of the cluster.
     *
     * @return true if this exit began a crash-restart
     */
    public boolean workerExited(int pid, int exitCode) {
        for (int s = 0; s < slots.length; s++) {
            Registration r = slots[s];
            if (r == null || r.phase != Phase.RUNNING || r.pid != pid) {
                continue;
            }
            boolean shmem = BgwFlags.hasShmemAccess(r.worker.flags());
            if (shmem && exitCode != 0 && exitCode != 1) {
                crashRestart();
                return true;
            }
            if (exitCode == 0 || r.terminateRequested || r.neverRestarts()) {
                slots[s] = null;
            } else {
                r.phase = Phase.EXITED_WILL_RESTART;
                r.failedOrExitedAt = now;
            }
            return false;
        }
        throw new IllegalArgumentException("no running worker has pid " + pid);
    }

    /**
     * Crash-restart: every worker stops; never-restart registrations are gone; the others are re-placed from
     * slot 0 with generation 0 and may start again at once. Live parallel registrations: none.
     */
    public void crashRestart() {
        List<Registration> survivors = new ArrayList<>();
        for (Registration r : slots) {
            if (r != null && r.phase != Phase.PENDING && !r.neverRestarts()) {
                survivors.add(r);
            }
        }
        java.util.Arrays.fill(slots, null);
        java.util.Arrays.fill(lastGeneration, 0);
        int s = 0;
        for (Registration r : survivors) {
            Registration placed = new Registration(r.worker.withNotifyPid(0), 0);
            // A terminated survivor is released by the first start pass; no backend that could ask survives.
            placed.phase = r.terminateRequested ? Phase.TERMINATED : Phase.WAITING;
            slots[s++] = placed;
        }
        readiness = Readiness.RUNNING;
    }

    /**
     * Shutdown begins: nothing starts any more, and everything not running is released. It begins once: a later
     * request releases nothing, so a restartable worker that exited on the shutdown's SIGTERM keeps its slot.
     */
    public void beginShutdown() {
        if (readiness == Readiness.SHUTTING_DOWN) {
            return;
        }
        readiness = Readiness.SHUTTING_DOWN;
        for (int s = 0; s < slots.length; s++) {
            Registration r = slots[s];
            if (r != null && r.phase != Phase.RUNNING && r.phase != Phase.PENDING) {
                slots[s] = null;
            }
        }
    }

    // --- environment --------------------------------------------------------------------------------------

    public void setReadiness(Readiness r) {
        this.readiness = r;
    }

    public Readiness readiness() {
        return readiness;
    }

    public void advanceTimeMicros(long micros) {
        now += micros;
    }

    /** The next {@code n} launches fail, as a failed fork would. */
    public void failNextLaunches(int n) {
        launchFailuresToInject += n;
    }

    // --- observations -----------------------------------------------------------------------------------

    /** Live parallel registrations: what register - terminate must equal (S5). */
    public int liveParallel() {
        int n = 0;
        for (Registration r : slots) {
            if (r != null && r.parallel()) {
                n++;
            }
        }
        return n;
    }

    public int liveRegistrations() {
        int n = 0;
        for (Registration r : slots) {
            if (r != null) {
                n++;
            }
        }
        return n;
    }

    public Optional<Registration> registration(int slot) {
        return Optional.ofNullable(slots[slot]);
    }

    public List<Integer> runningPids() {
        List<Integer> pids = new ArrayList<>();
        for (Registration r : slots) {
            if (r != null && r.phase == Phase.RUNNING) {
                pids.add(r.pid);
            }
        }
        return pids;
    }
}
