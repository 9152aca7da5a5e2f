package org.bgwcheck.models.fuzz;

import org.bgwcheck.core.shmem.OrderingSite;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerLayout.StringField;

/**
 * A {@link SlotMemory} that counts the accesses made through it and gives up after a bound: "never loops without
 * bound" (S7) checked by counting work, not by a clock. The bound is far above what any postmaster event needs
 * for the fuzzed array (a scan and a few start passes over a handful of slots), and far below what a loop driven
 * by a corrupt count would need.
 */
final class CountingSlotMemory implements SlotMemory {
    /** Thrown when one postmaster event has made more accesses than any bounded one could. */
    static final class UnboundedLoop extends Error {
        UnboundedLoop(long accesses) {
            super("more than " + accesses + " accesses to shared memory in one postmaster event");
        }
    }

    private final SlotMemory shm;
    private final long bound;
    private long accesses;

    CountingSlotMemory(SlotMemory shm, long bound) {
        this.shm = shm;
        this.bound = bound;
    }

    /** A new postmaster event begins: its accesses are counted from zero. */
    void newEvent() {
        accesses = 0;
    }

    private void count() {
        if (++accesses > bound) {
            throw new UnboundedLoop(bound);
        }
    }

    @Override
    public int capacity() {
        count();
        return shm.capacity();
    }

    @Override
    public void fence(OrderingSite site) {
        count();
        shm.fence(site);
    }

    @Override
    public int totalSlots() {
        count();
        return shm.totalSlots();
    }

    @Override
    public void setTotalSlots(int n) {
        count();
        shm.setTotalSlots(n);
    }

    @Override
    public int parallelRegisterCount() {
        count();
        return shm.parallelRegisterCount();
    }

    @Override
    public void setParallelRegisterCount(int n) {
        count();
        shm.setParallelRegisterCount(n);
    }

    @Override
    public int parallelTerminateCount() {
        count();
        return shm.parallelTerminateCount();
    }

    @Override
    public void setParallelTerminateCount(int n) {
        count();
        shm.setParallelTerminateCount(n);
    }

    @Override
    public boolean inUse(int slot) {
        count();
        return shm.inUse(slot);
    }

    @Override
    public void setInUse(int slot, boolean inUse) {
        count();
        shm.setInUse(slot, inUse);
    }

    @Override
    public boolean terminate(int slot) {
        count();
        return shm.terminate(slot);
    }

    @Override
    public void setTerminate(int slot, boolean terminate) {
        count();
        shm.setTerminate(slot, terminate);
    }

    @Override
    public int pid(int slot) {
        count();
        return shm.pid(slot);
    }

    @Override
    public void setPid(int slot, int pid) {
        count();
        shm.setPid(slot, pid);
    }

    @Override
    public long generation(int slot) {
        count();
        return shm.generation(slot);
    }

    @Override
    public void setGeneration(int slot, long generation) {
        count();
        shm.setGeneration(slot, generation);
    }

    @Override
    public void writeWorker(int slot, BackgroundWorker worker) {
        count();
        shm.writeWorker(slot, worker);
    }

    @Override
    public byte[] workerString(int slot, StringField field) {
        count();
        return shm.workerString(slot, field);
    }

    @Override
    public int workerFlags(int slot) {
        count();
        return shm.workerFlags(slot);
    }

    @Override
    public int workerStartTime(int slot) {
        count();
        return shm.workerStartTime(slot);
    }

    @Override
    public int workerRestartTime(int slot) {
        count();
        return shm.workerRestartTime(slot);
    }

    @Override
    public long workerMainArg(int slot) {
        count();
        return shm.workerMainArg(slot);
    }

    @Override
    public byte[] workerExtra(int slot) {
        count();
        return shm.workerExtra(slot);
    }

    @Override
    public int workerNotifyPid(int slot) {
        count();
        return shm.workerNotifyPid(slot);
    }
}
