package org.bgwcheck.core.backend;

import java.util.Optional;

import org.bgwcheck.core.backend.BackgroundWorkerLock.Mode;
import org.bgwcheck.core.env.Latch;
import org.bgwcheck.core.env.PostmasterSignal;
import org.bgwcheck.core.shmem.OrderingSite;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.variant.VariantSwitch;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerLayout.StringField;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.CStrings;
import org.bgwcheck.core.worker.SanityCheck;
import org.bgwcheck.core.worker.WorkerSettings;

/**
 * The backend side of the slot protocol ({@code bgworker.c}'s functions that run in regular backends).
 * Every access to the slot array happens under {@link BackgroundWorkerLock}, which orders backends among
 * themselves; against the lock-free postmaster, a backend owns a slot only while {@code in_use} is false and
 * may afterwards write nothing but {@code terminate}.
 *
 * <p>One instance serves every backend of a cluster: per-backend state (the latch) is passed in.
 */
public final class DynamicBackgroundWorkers {
    private final SlotMemory shm;
    private final BackgroundWorkerLock lock;
    private final PostmasterSignal postmaster;
    private final WorkerSettings settings;
    private final SanityCheck sanityCheck;

    // Fault switches, set once from the variant; SpecialisingClassLoader can fold their reads to constants.
    @VariantSwitch(fault = Fault.NO_PUBLISH_BARRIER, fixed = true)
    private final boolean publishFence;
    @VariantSwitch(fault = Fault.REGISTER_KEEPS_GENERATION, fixed = true)
    private final boolean bumpGeneration;
    @VariantSwitch(fault = Fault.REGISTER_WITHOUT_LOCK, fixed = true)
    private final boolean lockRegister;
    @VariantSwitch(fault = Fault.SIGNED_COUNTER_COMPARISON, fixed = false)
    private final boolean signedCounters;
    @VariantSwitch(fault = Fault.STATUS_IGNORES_GENERATION, fixed = true)
    private final boolean statusChecksGeneration;
    @VariantSwitch(fault = Fault.STATUS_IGNORES_IN_USE, fixed = true)
    private final boolean statusChecksInUse;
    @VariantSwitch(fault = Fault.TERMINATE_IGNORES_GENERATION, fixed = true)
    private final boolean terminateChecksGeneration;

    public DynamicBackgroundWorkers(SlotMemory shm, BackgroundWorkerLock lock, PostmasterSignal postmaster,
                                    WorkerSettings settings, Variant variant) {
        this.shm = shm;
        this.lock = lock;
        this.postmaster = postmaster;
        this.settings = settings;
        this.sanityCheck = new SanityCheck(variant.has(Fault.RESTARTABLE_PARALLEL_ALLOWED));
        this.publishFence = !variant.has(Fault.NO_PUBLISH_BARRIER);
        this.bumpGeneration = !variant.has(Fault.REGISTER_KEEPS_GENERATION);
        this.lockRegister = !variant.has(Fault.REGISTER_WITHOUT_LOCK);
        this.signedCounters = variant.has(Fault.SIGNED_COUNTER_COMPARISON);
        this.statusChecksGeneration = !variant.has(Fault.STATUS_IGNORES_GENERATION);
        this.statusChecksInUse = !variant.has(Fault.STATUS_IGNORES_IN_USE);
        this.terminateChecksGeneration = !variant.has(Fault.TERMINATE_IGNORES_GENERATION);
    }

    /**
     * RegisterDynamicBackgroundWorker: claims the lowest free slot for {@code worker} and hands it to the
     * postmaster. Empty when the array is full or the parallel limit is reached; an
     * {@link org.bgwcheck.core.worker.InvalidWorkerException} when the registration fails the sanity check.
     */
    public Optional<BackgroundWorkerHandle> registerDynamicWorker(BackgroundWorker worker) {
        BackgroundWorker w = sanityCheck.checkOrThrow(worker);
        boolean parallel = w.isParallel();
        BackgroundWorkerHandle handle = null;

        if (lockRegister) {
            lock.acquire(Mode.EXCLUSIVE);
        }
        try {
            // Our view of the terminate count may be stale; that only makes us refuse slightly early, as if we
            // had come a moment sooner. The postmaster takes no lock, so no barrier could do better.
            if (parallel && parallelLimitReached()) {
                return Optional.empty();
            }
            for (int slot = 0; slot < slotsToSearch(); slot++) {
                if (!shm.inUse(slot)) {
                    // C bumps the counter after filling the slot; counting first is the same under the lock
                    // (only lock holders read it) and leaves the slot's stores and in_use = true one run
                    // with no branch between them. A branch there would order them by accident on C2, so a
                    // missing PUBLISH_ON_REGISTER could never show in stress tests; now only the fence does.
                    if (parallel) {
                        shm.setParallelRegisterCount(shm.parallelRegisterCount() + 1);
                    }
                    shm.writeWorker(slot, w);
                    shm.setPid(slot, BgwLimits.INVALID_PID);
                    long generation = bumpGeneration ? shm.generation(slot) + 1 : shm.generation(slot);
                    shm.setGeneration(slot, generation);
                    shm.setTerminate(slot, false);
                    if (publishFence) {
                        shm.fence(OrderingSite.PUBLISH_ON_REGISTER);
                    }
                    shm.setInUse(slot, true);
                    handle = new BackgroundWorkerHandle(slot, generation);
                    break;
                }
            }
        } finally {
            if (lockRegister) {
                lock.release(Mode.EXCLUSIVE);
            }
        }
        if (handle != null) {
            postmaster.backgroundWorkerChange();
        }
        return Optional.ofNullable(handle);
    }

    /**
     * Backends search up to {@code total_slots} as C does, but never past the array they mapped: a corrupt
     * count must not turn into an out-of-bounds access here either.
     */
    private int slotsToSearch() {
        return Math.min(Math.max(shm.totalSlots(), 0), shm.capacity());
    }

    /** Active parallel workers = register - terminate modulo 2^32, compared unsigned. */
    private boolean parallelLimitReached() {
        int register = shm.parallelRegisterCount();
        int terminate = shm.parallelTerminateCount();
        if (signedCounters) {
            return (long) register - (long) terminate >= settings.maxParallelWorkers();
        }
        return Integer.compareUnsigned(register - terminate, settings.maxParallelWorkers()) >= 0;
    }

    /**
     * GetBackgroundWorkerPid: STARTED with the pid, NOT_YET_STARTED, or STOPPED. The pid may change under us
     * (the postmaster writes it without the lock) but is read in one access, so it is a value the postmaster
     * wrote, perhaps a moment old.
     */
    public WorkerStatus getWorkerPid(BackgroundWorkerHandle handle) {
        int pid;
        lock.acquire(Mode.SHARED);
        try {
            int slot = handle.slot();
            boolean sameGeneration = !statusChecksGeneration || handle.generation() == shm.generation(slot);
            // in_use may be turning false under us, but once false it stays false while we hold the lock.
            boolean inUse = !statusChecksInUse || shm.inUse(slot);
            pid = sameGeneration && inUse ? shm.pid(slot) : 0;
        } finally {
            lock.release(Mode.SHARED);
        }
        if (pid == 0) {
            return WorkerStatus.STOPPED;
        }
        if (pid == BgwLimits.INVALID_PID) {
            return WorkerStatus.NOT_YET_STARTED;
        }
        return WorkerStatus.started(pid);
    }

    /** WaitForBackgroundWorkerStartup: never returns NOT_YET_STARTED. The caller must be the notify pid. */
    public WorkerStatus waitForStartup(BackgroundWorkerHandle handle, Latch myLatch) {
        for (;;) {
            WorkerStatus status = getWorkerPid(handle);
            if (status.status() != HandleStatus.NOT_YET_STARTED) {
                return status;
            }
            if (myLatch.waitLatch() == Latch.WakeReason.POSTMASTER_DEATH) {
                return WorkerStatus.POSTMASTER_DIED;
            }
            myLatch.resetLatch();
        }
    }

    /** WaitForBackgroundWorkerShutdown: STOPPED, or POSTMASTER_DIED. The caller must be the notify pid. */
    public WorkerStatus waitForShutdown(BackgroundWorkerHandle handle, Latch myLatch) {
        for (;;) {
            WorkerStatus status = getWorkerPid(handle);
            if (status.status() == HandleStatus.STOPPED) {
                return status;
            }
            if (myLatch.waitLatch() == Latch.WakeReason.POSTMASTER_DEATH) {
                return WorkerStatus.POSTMASTER_DIED;
            }
            myLatch.resetLatch();
        }
    }

    /**
     * TerminateBackgroundWorker: asks the postmaster to stop the worker and not restart it. Safe on a handle
     * whose worker is long gone: the generation check makes it a no-op once the slot is reused.
     */
    public void terminate(BackgroundWorkerHandle handle) {
        boolean signal = false;
        lock.acquire(Mode.EXCLUSIVE);
        try {
            if (!terminateChecksGeneration || handle.generation() == shm.generation(handle.slot())) {
                shm.setTerminate(handle.slot(), true);
                signal = true;
            }
        } finally {
            lock.release(Mode.EXCLUSIVE);
        }
        if (signal) {
            postmaster.backgroundWorkerChange();
        }
    }

    /** GetBackgroundWorkerTypeByPid: the bgw_type of the running worker with this pid, if any. */
    public Optional<String> getTypeByPid(int pid) {
        lock.acquire(Mode.SHARED);
        try {
            for (int slot = 0; slot < slotsToSearch(); slot++) {
                if (pid > 0 && shm.pid(slot) == pid) {
                    return Optional.of(CStrings.trustingCopy(shm.workerString(slot, StringField.TYPE)));
                }
            }
            return Optional.empty();
        } finally {
            lock.release(Mode.SHARED);
        }
    }
}
