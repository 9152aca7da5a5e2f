package org.bgwcheck.launcher.shm;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.bgwcheck.core.shmem.ByteBufferSlotMemory;
import org.bgwcheck.core.shmem.SlotArrayLayout;

/**
 * The postmaster's shared memory: one file mapped by the postmaster and by every child that
 * attaches, holding a small launcher header and, from {@link #SLOT_ARRAY} on, core's
 * {@code BackgroundWorkerArray} in the C layout ({@link ByteBufferSlotMemory} over a slice of
 * the mapping). The same protocol code that the other layers check runs on these bytes.
 *
 * <pre>
 * offset  size  field
 * 0       8     magic, ASCII "BGWSHMEM"
 * 8       4     layout version (1)
 * 12      4     max_worker_processes the array was sized for
 * 16      8     postmaster pid
 * 24      4     shared-memory generation: 1 at creation, +1 at each crash-restart re-initialisation
 * 64      4     BackgroundWorkerLock word (own cache line; see SharedBackgroundWorkerLock)
 * 128     4     PMSignal flag PMSIGNAL_BACKGROUND_WORKER_CHANGE (own cache line; see PmSignal)
 * 4096    ...   BackgroundWorkerArray (SlotArrayLayout), native byte order
 * </pre>
 *
 * Header integers are native-endian like the array. The header is written by the postmaster
 * only, before any child exists or while none does (creation, crash-restart).
 */
public final class SharedMemorySegment {

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int SLOTS_OFFSET = 12;
    public static final int POSTMASTER_PID_OFFSET = 16;
    public static final int GENERATION_OFFSET = 24;
    public static final int LOCK_OFFSET = 64;
    public static final int PMSIGNAL_OFFSET = 128;
    public static final int SLOT_ARRAY = 4096;
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "BGWSHMEM".getBytes(StandardCharsets.US_ASCII);

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final Path file;
    private final ByteBuffer header;
    private final ByteBufferSlotMemory slots;
    private final int maxWorkerProcesses;

    private SharedMemorySegment(Path file, ByteBuffer mapping, int maxWorkerProcesses) {
        this.file = file;
        this.header = mapping.duplicate().order(ByteOrder.nativeOrder());
        ByteBuffer array = mapping.slice(SLOT_ARRAY, mapping.capacity() - SLOT_ARRAY).order(ByteOrder.nativeOrder());
        this.slots = new ByteBufferSlotMemory(array, maxWorkerProcesses);
        this.maxWorkerProcesses = maxWorkerProcesses;
    }

    /** Bytes the file needs for this many slots ({@code BackgroundWorkerShmemSize} plus the header). */
    public static long sizeFor(int maxWorkerProcesses) {
        return SLOT_ARRAY + SlotArrayLayout.sizeFor(maxWorkerProcesses);
    }

    /**
     * Postmaster start ({@code CreateSharedMemoryAndSemaphores}): creates the file exclusively
     * (mode 0600, never through a link), sizes it, maps it and writes the header. The slot array
     * is zero; the postmaster's {@code shmemInit} fills it.
     */
    public static SharedMemorySegment create(Path file, int maxWorkerProcesses, long postmasterPid) throws IOException {
        long size = sizeFor(maxWorkerProcesses);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shared memory for " + maxWorkerProcesses + " slots exceeds 2 GiB");
        }
        MappedByteBuffer mapping;
        try (FileChannel channel = FileChannel.open(file,
                Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            channel.write(ByteBuffer.allocate(1), size - 1); // extend to full size (sparse is fine)
            mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
        SharedMemorySegment segment = new SharedMemorySegment(file, mapping, maxWorkerProcesses);
        segment.header.put(MAGIC_OFFSET, MAGIC);
        INT.set(segment.header, VERSION_OFFSET, VERSION);
        INT.set(segment.header, SLOTS_OFFSET, maxWorkerProcesses);
        LONG.set(segment.header, POSTMASTER_PID_OFFSET, postmasterPid);
        INT.setVolatile(segment.header, GENERATION_OFFSET, 1);
        segment.resetSynchronisation();
        return segment;
    }

    /**
     * A child's view ({@code PGSharedMemoryReAttach} followed by the checks a real child gets from
     * {@code PGSharedMemoryIsInUse}): the mapping must carry this layout, sized for the
     * {@code max_worker_processes} the child was told, from the postmaster that launched it.
     *
     * @throws IllegalStateException with the reason if the mapping does not fit
     */
    public static SharedMemorySegment attach(Path file, ByteBuffer mapping, int maxWorkerProcesses, long postmasterPid) {
        if (mapping.capacity() < sizeFor(maxWorkerProcesses)) {
            throw new IllegalStateException("shared memory \"" + file + "\" has " + mapping.capacity()
                    + " bytes, but " + maxWorkerProcesses + " slots need " + sizeFor(maxWorkerProcesses));
        }
        ByteBuffer h = mapping.duplicate().order(ByteOrder.nativeOrder());
        byte[] magic = new byte[MAGIC.length];
        h.get(MAGIC_OFFSET, magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IllegalStateException("shared memory \"" + file + "\" is not a bgwcheck segment (bad magic)");
        }
        int version = (int) INT.get(h, VERSION_OFFSET);
        int slotsInFile = (int) INT.get(h, SLOTS_OFFSET);
        long owner = (long) LONG.get(h, POSTMASTER_PID_OFFSET);
        if (version != VERSION) {
            throw new IllegalStateException("shared memory \"" + file + "\" has layout version " + version
                    + ", expected " + VERSION);
        }
        if (slotsInFile != maxWorkerProcesses) {
            throw new IllegalStateException("shared memory \"" + file + "\" was sized for " + slotsInFile
                    + " slots, but max_worker_processes is " + maxWorkerProcesses);
        }
        if (owner != postmasterPid) {
            throw new IllegalStateException("shared memory \"" + file + "\" belongs to postmaster " + owner
                    + ", not to " + postmasterPid);
        }
        return new SharedMemorySegment(file, mapping, maxWorkerProcesses);
    }

    /** Maps an existing segment read-write without the child's checks, for observers (tests, the demo). */
    public static SharedMemorySegment observe(Path file, int maxWorkerProcesses) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            return new SharedMemorySegment(file, mapping, maxWorkerProcesses);
        }
    }

    /**
     * The parts of shared memory outside the slot array that a crash-restart must re-create along
     * with it: the lock (a killed backend may have held it) and the PMSignal flag. Only while no
     * child is attached.
     */
    public void resetSynchronisation() {
        INT.setVolatile(header, LOCK_OFFSET, 0);
        INT.setVolatile(header, PMSIGNAL_OFFSET, 0);
    }

    /** A crash-restart re-initialised shared memory: bump the generation children may log. */
    public int bumpGeneration() {
        return (int) INT.getAndAdd(header, GENERATION_OFFSET, 1) + 1;
    }

    /** The postmaster pid recorded at creation. */
    public long ownerPid() {
        return (long) LONG.get(header, POSTMASTER_PID_OFFSET);
    }

    public int generation() {
        return (int) INT.getVolatile(header, GENERATION_OFFSET);
    }

    /** Core's slot array on these bytes. */
    public ByteBufferSlotMemory slots() {
        return slots;
    }

    public SharedBackgroundWorkerLock lock() {
        return new SharedBackgroundWorkerLock(header, LOCK_OFFSET);
    }

    public PmSignal pmSignal() {
        return new PmSignal(header, PMSIGNAL_OFFSET);
    }

    public Path file() {
        return file;
    }

    public int maxWorkerProcesses() {
        return maxWorkerProcesses;
    }
}
