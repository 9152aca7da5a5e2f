package org.bgwcheck.bench;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.DynamicBackgroundWorkers;
import org.bgwcheck.core.backend.InProcessBackgroundWorkerLock;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.Postmaster;
import org.bgwcheck.core.postmaster.RegisteredWorker;
import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.WorkerSettings;

/**
 * The postmaster side in a steady state that each postmaster event leaves as it found it, so the scan
 * benchmarks can repeat one event millions of times without per-invocation setup:
 *
 * <ul>
 *   <li>a postmaster in {@link PmState#RUN} with one client backend (so the state machine's
 *       "any children left?" question stops at the backend, as in a live cluster);</li>
 *   <li>{@code max_worker_processes = slots}, of which {@code occupancy} percent hold dynamically registered
 *       workers, listed and running. They are spread evenly over the array, as churn leaves them: where
 *       they sit is what C's list search pays for, so packing them at the front would flatter it;</li>
 *   <li>the workers restart at once after exit code 1 ({@code bgw_restart_time = 0}), except one that
 *       crashed and waits out a 60-second interval on a clock that stands still. That one keeps
 *       {@code HaveCrashedWorker} set, so every {@link #serverLoop()} runs {@code maybe_start_bgworkers},
 *       as C's ServerLoop does while a restart is pending.</li>
 * </ul>
 */
final class SteadyCluster {
    static final int BACKEND_PID = 1000;
    private static final int WAITING_RESTART_SECONDS = 60;
    private static final BackgroundWorker RESTARTS_AT_ONCE =
            BackgroundWorker.named("bench worker").withType("bench").withRestartTime(0);
    private static final BackgroundWorker WAITS_TO_RESTART =
            RESTARTS_AT_ONCE.withRestartTime(WAITING_RESTART_SECONDS);

    private final Postmaster postmaster;
    private final WorkerPids pids;
    private final int listed;
    private final int[] runningSlots;
    private int nextToExit;

    private SteadyCluster(Postmaster postmaster, WorkerPids pids, int listed, int[] runningSlots) {
        this.postmaster = postmaster;
        this.pids = pids;
        this.listed = listed;
        this.runningSlots = runningSlots;
    }

    /**
     * Builds the steady state through the protocol itself: backends register a worker in every slot and
     * terminate the ones that are not to stay, then one BackgroundWorkerStateChange lists the rest and the
     * start pass launches them.
     */
    static SteadyCluster build(SlotMemoryKind kind, int slots, int occupancyPercent, WorkerLookup lookup,
                               Variant variant) {
        boolean[] keep = spread(slots, listedWorkers(slots, occupancyPercent));
        int waiting = lastKept(keep);

        SlotMemory shm = kind.create(slots);
        WorkerSettings settings = new WorkerSettings(slots, Math.min(slots, BgwLimits.MAX_PARALLEL_WORKER_LIMIT));
        WorkerPids pids = new WorkerPids(slots);
        Postmaster postmaster = new Postmaster(shm, settings, variant,
                BenchEnvironment.of(BenchEnvironment.NO_SIGNALS, pids), lookup);
        postmaster.start(PmState.RUN);
        postmaster.backendStarted(BACKEND_PID);

        DynamicBackgroundWorkers backends = new DynamicBackgroundWorkers(shm, new InProcessBackgroundWorkerLock(),
                () -> { }, settings, variant);
        for (int slot = 0; slot < slots; slot++) {
            BackgroundWorkerHandle h = backends.registerDynamicWorker(slot == waiting ? WAITS_TO_RESTART
                    : RESTARTS_AT_ONCE).orElseThrow(() -> new IllegalStateException("slot array full too early"));
            if (h.slot() != slot) {
                throw new IllegalStateException("expected slot " + slot + ", registered in " + h.slot());
            }
            if (!keep[slot]) {
                backends.terminate(h);
            }
        }
        postmaster.handleBackgroundWorkerChange();
        while (postmaster.hasPendingStarts()) {
            postmaster.serverLoop(); // a pass starts at most MAX_BGWORKERS_TO_LAUNCH (100) workers
        }
        postmaster.childExited(pids.pidOf(waiting), 1);

        int[] running = new int[countKept(keep) - 1];
        for (int slot = 0, i = 0; slot < slots; slot++) {
            if (keep[slot] && slot != waiting) {
                running[i++] = slot;
            }
        }
        SteadyCluster c = new SteadyCluster(postmaster, pids, countKept(keep), running);
        c.check();
        return c;
    }

    /** occupancy percent of the slots, at least two: one running worker to exit, one waiting to restart. */
    static int listedWorkers(int slots, int occupancyPercent) {
        if (slots < 2 || occupancyPercent <= 0 || occupancyPercent > 100) {
            throw new IllegalArgumentException("need at least 2 slots and an occupancy in 1..100%, got "
                    + slots + " slots at " + occupancyPercent + "%");
        }
        return Math.max(2, (int) Math.round(slots * occupancyPercent / 100.0));
    }

    /** {@code n} slots out of {@code slots}, evenly spaced from slot 0. */
    private static boolean[] spread(int slots, int n) {
        boolean[] keep = new boolean[slots];
        for (int j = 0; j < n; j++) {
            keep[(int) ((long) j * slots / n)] = true;
        }
        return keep;
    }

    private static int lastKept(boolean[] keep) {
        for (int slot = keep.length - 1; slot >= 0; slot--) {
            if (keep[slot]) {
                return slot;
            }
        }
        throw new IllegalArgumentException("no slot kept");
    }

    private static int countKept(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        return n;
    }

    /** BackgroundWorkerStateChange followed by the start pass, as sigusr1_handler runs them: nothing new. */
    void backgroundWorkerStateChange() {
        postmaster.handleBackgroundWorkerChange();
    }

    /** ServerLoop's maybe_start_bgworkers while a crashed worker waits: nothing may start yet. */
    void serverLoop() {
        postmaster.serverLoop();
    }

    /**
     * reaper: the next running worker (round robin) exits with code 1; CleanupBackgroundWorker finds it by
     * pid, ReportBackgroundWorkerExit publishes pid 0, and the start pass restarts it at once.
     */
    void reapOneWorker() {
        int slot = runningSlots[nextToExit];
        nextToExit = nextToExit + 1 == runningSlots.length ? 0 : nextToExit + 1;
        postmaster.childExited(pids.pidOf(slot), 1);
    }

    /** Throws unless the cluster is in the steady state described above; for setup and tests, not timed. */
    void check() {
        int running = 0;
        int waiting = 0;
        for (RegisteredWorker rw : postmaster.registeredWorkers()) {
            if (rw.pid() != 0 && rw.pid() == pids.pidOf(rw.shmemSlot())) {
                running++;
            } else if (rw.pid() == 0 && rw.crashedAt() != 0) {
                waiting++;
            }
        }
        if (postmaster.state() != PmState.RUN || postmaster.registeredWorkers().size() != listed
                || running != listed - 1 || waiting != 1 || !postmaster.hasPendingStarts()) {
            throw new IllegalStateException("not the steady state: " + postmaster.state() + ", listed "
                    + postmaster.registeredWorkers().size() + " of " + listed + ", running " + running
                    + ", waiting " + waiting + ", pending starts " + postmaster.hasPendingStarts());
        }
    }

    int listed() {
        return listed;
    }
}
