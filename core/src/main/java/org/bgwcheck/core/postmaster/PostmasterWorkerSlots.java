package org.bgwcheck.core.postmaster;

import java.util.List;
import java.util.function.IntPredicate;

import org.bgwcheck.core.env.Log.Level;
import org.bgwcheck.core.env.Signal;
import org.bgwcheck.core.shmem.OrderingSite;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.variant.VariantSwitch;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerLayout.StringField;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.CStrings;

/**
 * The postmaster's half of {@code bgworker.c}: every function that reads or writes the shared slot array
 * from the postmaster. It takes no lock, ever: a wedged postmaster is intolerable, and shared memory may be
 * corrupt. So it trusts nothing it reads (its own {@code max_worker_processes}, sanitized strings), and it
 * hands slots back only through the release fences of {@link OrderingSite}.
 *
 * <p>Single-threaded: only the postmaster calls these methods.
 */
public final class PostmasterWorkerSlots {
    private final SlotMemory shm;
    private final int maxWorkerProcesses;
    private final BackgroundWorkerList list;
    private final PostmasterEnvironment env;

    @VariantSwitch(fault = Fault.NO_SCAN_READ_BARRIER, fixed = true)
    private final boolean scanFence;
    @VariantSwitch(fault = Fault.NO_TERMINATE_RELEASE_BARRIER, fixed = true)
    private final boolean scanTerminateFence;
    @VariantSwitch(fault = Fault.PID_STORE_AFTER_BARRIER, fixed = false)
    private final boolean pidStoreAfterFence;
    @VariantSwitch(fault = Fault.NO_FORGET_RELEASE_BARRIER, fixed = true)
    private final boolean forgetFence;
    @VariantSwitch(fault = Fault.TRUSTS_SHARED_STRINGS, fixed = true)
    private final boolean sanitizeStrings;
    @VariantSwitch(fault = Fault.TRUSTS_TOTAL_SLOTS, fixed = false)
    private final boolean trustTotalSlots;
    @VariantSwitch(fault = Fault.PRE_FIX_CRASH_ACCOUNTING, fixed = true)
    private final boolean forgetNeverRestartBeforeReset;

    PostmasterWorkerSlots(SlotMemory shm, int maxWorkerProcesses, BackgroundWorkerList list,
                          PostmasterEnvironment env, Variant variant) {
        this.shm = shm;
        this.maxWorkerProcesses = maxWorkerProcesses;
        this.list = list;
        this.env = env;
        this.scanFence = !variant.has(Fault.NO_SCAN_READ_BARRIER);
        this.scanTerminateFence = !variant.has(Fault.NO_TERMINATE_RELEASE_BARRIER);
        this.pidStoreAfterFence = variant.has(Fault.PID_STORE_AFTER_BARRIER);
        this.forgetFence = !variant.has(Fault.NO_FORGET_RELEASE_BARRIER);
        this.sanitizeStrings = !variant.has(Fault.TRUSTS_SHARED_STRINGS);
        this.trustTotalSlots = variant.has(Fault.TRUSTS_TOTAL_SLOTS);
        this.forgetNeverRestartBeforeReset = !variant.has(Fault.PRE_FIX_CRASH_ACCOUNTING);
    }

    /**
     * BackgroundWorkerShmemInit (postmaster, not under postmaster): fresh shared memory holding exactly the
     * workers of the private list, one per slot from slot 0, counters zero. Also the re-initialisation of
     * a crash-restart cycle, which is why the surviving list is re-placed.
     */
    void shmemInit() {
        List<RegisteredWorker> workers = list.takeAllForReplacement();
        if (workers.size() > maxWorkerProcesses) {
            throw new IllegalStateException(workers.size() + " registered workers do not fit "
                    + maxWorkerProcesses + " slots");
        }
        shm.setTotalSlots(maxWorkerProcesses);
        shm.setParallelRegisterCount(0);
        shm.setParallelTerminateCount(0);
        int slot = 0;
        for (RegisteredWorker rw : workers) {
            rw.shmemSlot = slot;
            rw.notifyPid = 0; // the backend that asked did not survive the restart
            shm.writeWorker(slot, rw.launchImage());
            shm.setPid(slot, BgwLimits.INVALID_PID);
            shm.setGeneration(slot, 0);
            shm.setTerminate(slot, false);
            shm.setInUse(slot, true);
            list.add(rw);
            slot++;
        }
        for (; slot < maxWorkerProcesses; slot++) {
            shm.setInUse(slot, false);
            shm.setTerminate(slot, false);
            shm.setPid(slot, 0);
            shm.setGeneration(slot, 0);
        }
    }

    /**
     * BackgroundWorkerStateChange: notices registrations and terminate requests that backends made.
     *
     * @param allowNewWorkers false once shutdown has begun: a new registration is then released at once, as
     *                        terminated, so that nobody waits for a worker that will never start
     * @param knownBackend    PostmasterMarkPIDForWorkerNotify: whether a notify pid is a live backend
     */
    void stateChange(boolean allowNewWorkers, IntPredicate knownBackend) {
        int slots = maxWorkerProcesses;
        if (trustTotalSlots) {
            slots = shm.totalSlots();
        } else if (shm.totalSlots() != maxWorkerProcesses) {
            env.log().log(Level.LOG, "inconsistent background worker state (max_worker_processes="
                    + maxWorkerProcesses + ", total_slots=" + shm.totalSlots() + ")");
            return;
        }
        for (int slot = 0; slot < slots; slot++) {
            if (!shm.inUse(slot)) {
                continue;
            }
            if (scanFence) {
                shm.fence(OrderingSite.ACQUIRE_ON_SCAN);
            }
            // Read once, first thing after the fence, for both paths below. Only ACQUIRE_ON_SCAN keeps this
            // load after the in_use load: without it C2 may schedule it first, as weak hardware may, and
            // the jcstress layer can see that. (A store to terminate before it would pin it, and hide that.)
            boolean terminate = shm.terminate(slot);
            RegisteredWorker rw = list.findBySlot(slot);
            if (rw != null) {
                // A listed worker's registration never changes; only terminate can be set.
                if (terminate && !rw.terminate) {
                    rw.terminate = true;
                    if (rw.pid != 0) {
                        env.signals().kill(rw.pid, Signal.SIGTERM);
                    } else {
                        reportPid(rw); // never started (or waiting to restart): report it dead now
                    }
                }
                continue;
            }
            if (!allowNewWorkers) {
                shm.setTerminate(slot, true);
                terminate = true;
            }
            if (terminate) {
                releaseTerminatedBeforeListed(slot);
                continue;
            }
            list.add(copyRegistration(slot, knownBackend));
        }
    }

    /** The terminated-before-listed path of BackgroundWorkerStateChange: free the slot, tell the registrant. */
    private void releaseTerminatedBeforeListed(int slot) {
        int notifyPid = shm.workerNotifyPid(slot);
        if (BgwFlags.isParallel(shm.workerFlags(slot))) {
            shm.setParallelTerminateCount(shm.parallelTerminateCount() + 1);
        }
        if (!pidStoreAfterFence) {
            shm.setPid(slot, 0);
        }
        if (scanTerminateFence) {
            shm.fence(OrderingSite.RELEASE_ON_SCAN_TERMINATE);
        }
        if (pidStoreAfterFence) {
            shm.setPid(slot, 0);
        }
        shm.setInUse(slot, false);
        if (notifyPid != 0) {
            env.signals().kill(notifyPid, Signal.SIGUSR1);
        }
    }

    /**
     * The copy in BackgroundWorkerStateChange. Strings are copied paranoidly (they may be unterminated or
     * not ASCII); the numbers are taken as they are: a corrupt one can misdirect this worker, never the
     * postmaster.
     */
    private RegisteredWorker copyRegistration(int slot, IntPredicate knownBackend) {
        int notifyPid = shm.workerNotifyPid(slot);
        if (!knownBackend.test(notifyPid)) {
            if (notifyPid != 0) {
                env.log().log(Level.DEBUG1, "worker notification PID " + notifyPid + " is not valid");
            }
            notifyPid = 0;
        }
        BackgroundWorker copy = new BackgroundWorker(
                string(slot, StringField.NAME), string(slot, StringField.TYPE), shm.workerFlags(slot),
                shm.workerStartTime(slot), shm.workerRestartTime(slot), string(slot, StringField.LIBRARY_NAME),
                string(slot, StringField.FUNCTION_NAME), shm.workerMainArg(slot), shm.workerExtra(slot),
                notifyPid);
        env.log().log(Level.DEBUG1, "registering background worker \"" + copy.name() + "\"");
        return new RegisteredWorker(copy, slot);
    }

    private String string(int slot, StringField field) {
        byte[] raw = shm.workerString(slot, field);
        return sanitizeStrings ? CStrings.asciiSafeCopy(raw) : CStrings.trustingCopy(raw);
    }

    /**
     * ForgetBackgroundWorker: drop the worker from the private list and give its slot back to the backends.
     * Every write to the slot and every read of it must be before the release fence.
     */
    void forget(RegisteredWorker rw) {
        int slot = rw.shmemSlot;
        if (rw.isParallel()) {
            shm.setParallelTerminateCount(shm.parallelTerminateCount() + 1);
        }
        if (forgetFence) {
            shm.fence(OrderingSite.RELEASE_ON_FORGET);
        }
        shm.setInUse(slot, false);
        env.log().log(Level.DEBUG1, "unregistering background worker \"" + rw.worker().name() + "\"");
        list.remove(rw);
    }

    /** ReportBackgroundWorkerPID: publish rw_pid (a new pid, or 0 for "dead") and wake the registrant. */
    void reportPid(RegisteredWorker rw) {
        shm.setPid(rw.shmemSlot, rw.pid);
        if (rw.notifyPid != 0) {
            env.signals().kill(rw.notifyPid, Signal.SIGUSR1);
        }
    }

    /**
     * ReportBackgroundWorkerExit: publish pid 0; forget the worker first if it is not to be restarted, so
     * that a registrant that reacts to the signal at once already finds the slot free.
     */
    void reportExit(RegisteredWorker rw) {
        shm.setPid(rw.shmemSlot, rw.pid);
        int notifyPid = rw.notifyPid;
        if (rw.terminate || rw.neverRestarts()) {
            forget(rw);
        }
        if (notifyPid != 0) {
            env.signals().kill(notifyPid, Signal.SIGUSR1);
        }
    }

    /** BackgroundWorkerStopNotifications: an exiting backend's pid must never be signalled again. */
    void stopNotifications(int pid) {
        for (RegisteredWorker rw : list.snapshot()) {
            if (rw.notifyPid == pid) {
                rw.notifyPid = 0;
            }
        }
    }

    /**
     * ResetBackgroundWorkerCrashTimes, just before shared memory is re-initialised in a crash-restart cycle:
     * never-restart workers are forgotten now, while their slots and counters still exist (forgetting them
     * after the reset would count a terminate that the zeroed register count never saw); all others may
     * restart at once.
     */
    void resetCrashTimes() {
        for (RegisteredWorker rw : list.snapshot()) {
            if (rw.neverRestarts()) {
                if (forgetNeverRestartBeforeReset) {
                    forget(rw);
                }
                // Before 8ff518699f: keep the crash time so that maybe_start_bgworkers forgets the worker
                // later - after the counters were zeroed.
            } else {
                // Sanity checks keep parallel workers out of here; if one got through
                // (RESTARTABLE_PARALLEL_ALLOWED) it outlives the counters it was counted in.
                rw.crashedAt = 0;
            }
        }
    }

    /**
     * ForgetUnstartedBackgroundWorkers, at the start of shutdown: workers that are not running will never
     * be started now, so release them and tell whoever waits.
     */
    void forgetUnstarted() {
        for (RegisteredWorker rw : list.snapshot()) {
            if (rw.pid == 0) {
                int notifyPid = rw.notifyPid;
                forget(rw); // in_use = false is the answer: GetBackgroundWorkerPid reports STOPPED
                if (notifyPid != 0) {
                    env.signals().kill(notifyPid, Signal.SIGUSR1);
                }
            }
        }
    }
}
