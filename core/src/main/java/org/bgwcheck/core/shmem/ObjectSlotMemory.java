package org.bgwcheck.core.shmem;

import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerLayout.StringField;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.CStrings;

/**
 * The slot array as ordinary Java objects with plain (non-volatile) fields. This is the backing jcstress
 * aims at: C2 is free to reorder these accesses exactly where a C compiler or a weak CPU may reorder the C
 * struct's, so a missing {@link OrderingSite} fence becomes observable.
 */
public final class ObjectSlotMemory implements SlotMemory {
    /** One {@code BackgroundWorkerSlot}; string fields are fixed arrays written in place, like memcpy. */
    private static final class Slot {
        boolean inUse;
        boolean terminate;
        int pid;
        long generation;
        final byte[] name = new byte[BgwLimits.BGW_MAXLEN];
        final byte[] type = new byte[BgwLimits.BGW_MAXLEN];
        int flags;
        int startTime;
        int restartTime;
        final byte[] libraryName = new byte[BgwLimits.BGW_MAXLEN];
        final byte[] functionName = new byte[BgwLimits.BGW_MAXLEN];
        long mainArg;
        final byte[] extra = new byte[BgwLimits.BGW_EXTRALEN];
        int notifyPid;

        byte[] string(StringField f) {
            return switch (f) {
                case NAME -> name;
                case TYPE -> type;
                case LIBRARY_NAME -> libraryName;
                case FUNCTION_NAME -> functionName;
            };
        }
    }

    private final Slot[] slots;
    private int totalSlots;
    private int parallelRegisterCount;
    private int parallelTerminateCount;

    public ObjectSlotMemory(int maxWorkerProcesses) {
        if (maxWorkerProcesses < 0) {
            throw new IllegalArgumentException("max_worker_processes must be >= 0, got " + maxWorkerProcesses);
        }
        slots = new Slot[maxWorkerProcesses];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
    }

    @Override
    public int capacity() {
        return slots.length;
    }

    @Override
    public void fence(OrderingSite site) {
        site.barrier().issue();
    }

    @Override
    public int totalSlots() {
        return totalSlots;
    }

    @Override
    public void setTotalSlots(int n) {
        totalSlots = n;
    }

    @Override
    public int parallelRegisterCount() {
        return parallelRegisterCount;
    }

    @Override
    public void setParallelRegisterCount(int n) {
        parallelRegisterCount = n;
    }

    @Override
    public int parallelTerminateCount() {
        return parallelTerminateCount;
    }

    @Override
    public void setParallelTerminateCount(int n) {
        parallelTerminateCount = n;
    }

    @Override
    public boolean inUse(int slot) {
        return slots[slot].inUse;
    }

    @Override
    public void setInUse(int slot, boolean inUse) {
        slots[slot].inUse = inUse;
    }

    @Override
    public boolean terminate(int slot) {
        return slots[slot].terminate;
    }

    @Override
    public void setTerminate(int slot, boolean terminate) {
        slots[slot].terminate = terminate;
    }

    @Override
    public int pid(int slot) {
        return slots[slot].pid;
    }

    @Override
    public void setPid(int slot, int pid) {
        slots[slot].pid = pid;
    }

    @Override
    public long generation(int slot) {
        return slots[slot].generation;
    }

    @Override
    public void setGeneration(int slot, long generation) {
        slots[slot].generation = generation;
    }

    @Override
    public void writeWorker(int slot, BackgroundWorker w) {
        Slot s = slots[slot];
        System.arraycopy(CStrings.toFixed(w.name()), 0, s.name, 0, BgwLimits.BGW_MAXLEN);
        System.arraycopy(CStrings.toFixed(w.type()), 0, s.type, 0, BgwLimits.BGW_MAXLEN);
        s.flags = w.flags();
        s.startTime = w.startTime();
        s.restartTime = w.restartTime();
        System.arraycopy(CStrings.toFixed(w.libraryName()), 0, s.libraryName, 0, BgwLimits.BGW_MAXLEN);
        System.arraycopy(CStrings.toFixed(w.functionName()), 0, s.functionName, 0, BgwLimits.BGW_MAXLEN);
        s.mainArg = w.mainArg();
        System.arraycopy(w.extra(), 0, s.extra, 0, BgwLimits.BGW_EXTRALEN);
        s.notifyPid = w.notifyPid();
    }

    @Override
    public byte[] workerString(int slot, StringField field) {
        return slots[slot].string(field).clone();
    }

    @Override
    public int workerFlags(int slot) {
        return slots[slot].flags;
    }

    @Override
    public int workerStartTime(int slot) {
        return slots[slot].startTime;
    }

    @Override
    public int workerRestartTime(int slot) {
        return slots[slot].restartTime;
    }

    @Override
    public long workerMainArg(int slot) {
        return slots[slot].mainArg;
    }

    @Override
    public byte[] workerExtra(int slot) {
        return slots[slot].extra.clone();
    }

    @Override
    public int workerNotifyPid(int slot) {
        return slots[slot].notifyPid;
    }
}
