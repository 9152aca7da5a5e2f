package org.bgwcheck.core.postmaster;

import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.BgwLimits;

/**
 * {@code RegisteredBgWorker}: the postmaster's private, sanitized copy of one registration plus its
 * bookkeeping. Only the postmaster thread touches it, so nothing here needs ordering.
 */
public final class RegisteredWorker {
    private final BackgroundWorker worker;
    /** rw_worker.bgw_notify_pid: cleared when that backend exits or was never known. */
    int notifyPid;
    /** rw_pid: 0 while not running. */
    int pid;
    /** rw_crashed_at: when the last non-zero exit (or failed launch) happened; 0 if none pending. */
    long crashedAt;
    /** rw_shmem_slot. */
    int shmemSlot;
    /** rw_terminate: never start or restart again; forget once not running. */
    boolean terminate;

    RegisteredWorker(BackgroundWorker worker, int shmemSlot) {
        this.worker = worker;
        this.notifyPid = worker.notifyPid();
        this.shmemSlot = shmemSlot;
    }

    /** The registration as the postmaster copied it (its notify pid is the one at copy time). */
    public BackgroundWorker worker() {
        return worker;
    }

    /** The registration with the current notify pid, as it is passed to the child. */
    BackgroundWorker launchImage() {
        return worker.withNotifyPid(notifyPid);
    }

    public int notifyPid() {
        return notifyPid;
    }

    public int pid() {
        return pid;
    }

    public long crashedAt() {
        return crashedAt;
    }

    public int shmemSlot() {
        return shmemSlot;
    }

    public boolean terminate() {
        return terminate;
    }

    public boolean isParallel() {
        return BgwFlags.isParallel(worker.flags());
    }

    public boolean neverRestarts() {
        return worker.restartTime() == BgwLimits.BGW_NEVER_RESTART;
    }

    @Override
    public String toString() {
        return "RegisteredWorker[\"" + worker.name() + "\" slot " + shmemSlot + ", pid " + pid + ", notify "
                + notifyPid + (terminate ? ", terminate" : "") + (crashedAt != 0 ? ", crashed" : "") + "]";
    }
}
