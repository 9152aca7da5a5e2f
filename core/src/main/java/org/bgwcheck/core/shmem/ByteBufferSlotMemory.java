package org.bgwcheck.core.shmem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerLayout;
import org.bgwcheck.core.worker.BackgroundWorkerLayout.StringField;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.CStrings;

/**
 * The slot array in a {@link ByteBuffer} laid out exactly as the C struct, in native byte order: a heap or
 * direct buffer in tests, a mapped file shared by real processes in the launcher. Ints and longs go through
 * byte-buffer view {@link VarHandle}s in plain mode (the same handles offer atomics to the launcher's lock);
 * bytes and arrays through the buffer's absolute accessors, which are plain too.
 */
public final class ByteBufferSlotMemory implements SlotMemory {
    private static final VarHandle INT =
            MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final ByteBuffer buf;
    private final int capacity;

    /**
     * @param buffer             at least {@link SlotArrayLayout#sizeFor} bytes; position 0 is the array's start
     * @param maxWorkerProcesses this process's notion of the slot count
     */
    public ByteBufferSlotMemory(ByteBuffer buffer, int maxWorkerProcesses) {
        if (maxWorkerProcesses < 0) {
            throw new IllegalArgumentException("max_worker_processes must be >= 0, got " + maxWorkerProcesses);
        }
        long need = SlotArrayLayout.sizeFor(maxWorkerProcesses);
        if (buffer.capacity() < need) {
            throw new IllegalArgumentException("slot array for " + maxWorkerProcesses + " slots needs " + need
                    + " bytes, buffer has " + buffer.capacity());
        }
        this.buf = buffer.duplicate().order(ByteOrder.nativeOrder());
        this.capacity = maxWorkerProcesses;
    }

    /** A zeroed heap ({@code direct = false}) or direct buffer sized for {@code maxWorkerProcesses} slots. */
    public static ByteBufferSlotMemory allocate(int maxWorkerProcesses, boolean direct) {
        int size = Math.toIntExact(SlotArrayLayout.sizeFor(maxWorkerProcesses));
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        return new ByteBufferSlotMemory(b, maxWorkerProcesses);
    }

    /** The underlying buffer (not a copy): for tools that inspect or corrupt raw bytes. */
    public ByteBuffer buffer() {
        return buf;
    }

    private static int at(int slot, int field) {
        return SlotArrayLayout.slotOffset(slot) + field;
    }

    private static int workerAt(int slot, int field) {
        return at(slot, SlotArrayLayout.SLOT_WORKER + field);
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void fence(OrderingSite site) {
        site.barrier().issue();
    }

    @Override
    public int totalSlots() {
        return (int) INT.get(buf, SlotArrayLayout.TOTAL_SLOTS);
    }

    @Override
    public void setTotalSlots(int n) {
        INT.set(buf, SlotArrayLayout.TOTAL_SLOTS, n);
    }

    @Override
    public int parallelRegisterCount() {
        return (int) INT.get(buf, SlotArrayLayout.PARALLEL_REGISTER_COUNT);
    }

    @Override
    public void setParallelRegisterCount(int n) {
        INT.set(buf, SlotArrayLayout.PARALLEL_REGISTER_COUNT, n);
    }

    @Override
    public int parallelTerminateCount() {
        return (int) INT.get(buf, SlotArrayLayout.PARALLEL_TERMINATE_COUNT);
    }

    @Override
    public void setParallelTerminateCount(int n) {
        INT.set(buf, SlotArrayLayout.PARALLEL_TERMINATE_COUNT, n);
    }

    @Override
    public boolean inUse(int slot) {
        return buf.get(at(slot, SlotArrayLayout.SLOT_IN_USE)) != 0;
    }

    @Override
    public void setInUse(int slot, boolean inUse) {
        buf.put(at(slot, SlotArrayLayout.SLOT_IN_USE), (byte) (inUse ? 1 : 0));
    }

    @Override
    public boolean terminate(int slot) {
        return buf.get(at(slot, SlotArrayLayout.SLOT_TERMINATE)) != 0;
    }

    @Override
    public void setTerminate(int slot, boolean terminate) {
        buf.put(at(slot, SlotArrayLayout.SLOT_TERMINATE), (byte) (terminate ? 1 : 0));
    }

    @Override
    public int pid(int slot) {
        return (int) INT.get(buf, at(slot, SlotArrayLayout.SLOT_PID));
    }

    @Override
    public void setPid(int slot, int pid) {
        INT.set(buf, at(slot, SlotArrayLayout.SLOT_PID), pid);
    }

    @Override
    public long generation(int slot) {
        return (long) LONG.get(buf, at(slot, SlotArrayLayout.SLOT_GENERATION));
    }

    @Override
    public void setGeneration(int slot, long generation) {
        LONG.set(buf, at(slot, SlotArrayLayout.SLOT_GENERATION), generation);
    }

    @Override
    public void writeWorker(int slot, BackgroundWorker w) {
        for (StringField f : StringField.values()) {
            buf.put(workerAt(slot, f.offset()), CStrings.toFixed(f.of(w)));
        }
        INT.set(buf, workerAt(slot, BackgroundWorkerLayout.FLAGS), w.flags());
        INT.set(buf, workerAt(slot, BackgroundWorkerLayout.START_TIME), w.startTime());
        INT.set(buf, workerAt(slot, BackgroundWorkerLayout.RESTART_TIME), w.restartTime());
        LONG.set(buf, workerAt(slot, BackgroundWorkerLayout.MAIN_ARG), w.mainArg());
        buf.put(workerAt(slot, BackgroundWorkerLayout.EXTRA), w.extra());
        INT.set(buf, workerAt(slot, BackgroundWorkerLayout.NOTIFY_PID), w.notifyPid());
    }

    @Override
    public byte[] workerString(int slot, StringField field) {
        byte[] raw = new byte[BgwLimits.BGW_MAXLEN];
        buf.get(workerAt(slot, field.offset()), raw);
        return raw;
    }

    @Override
    public int workerFlags(int slot) {
        return (int) INT.get(buf, workerAt(slot, BackgroundWorkerLayout.FLAGS));
    }

    @Override
    public int workerStartTime(int slot) {
        return (int) INT.get(buf, workerAt(slot, BackgroundWorkerLayout.START_TIME));
    }

    @Override
    public int workerRestartTime(int slot) {
        return (int) INT.get(buf, workerAt(slot, BackgroundWorkerLayout.RESTART_TIME));
    }

    @Override
    public long workerMainArg(int slot) {
        return (long) LONG.get(buf, workerAt(slot, BackgroundWorkerLayout.MAIN_ARG));
    }

    @Override
    public byte[] workerExtra(int slot) {
        byte[] raw = new byte[BgwLimits.BGW_EXTRALEN];
        buf.get(workerAt(slot, BackgroundWorkerLayout.EXTRA), raw);
        return raw;
    }

    @Override
    public int workerNotifyPid(int slot) {
        return (int) INT.get(buf, workerAt(slot, BackgroundWorkerLayout.NOTIFY_PID));
    }
}
