package org.bgwcheck.core.shmem;

import org.bgwcheck.core.worker.BackgroundWorkerLayout;

/**
 * Byte offsets of {@code BackgroundWorkerArray} and {@code BackgroundWorkerSlot} in the C layout
 * (64-bit, natural alignment). {@link #sizeFor} is {@code BackgroundWorkerShmemSize}.
 */
public final class SlotArrayLayout {
    public static final int TOTAL_SLOTS = 0;
    public static final int PARALLEL_REGISTER_COUNT = 4;
    public static final int PARALLEL_TERMINATE_COUNT = 8;
    /** offsetof(BackgroundWorkerArray, slot): 12 rounded up to the slot's 8-byte alignment. */
    public static final int SLOTS = 16;

    public static final int SLOT_IN_USE = 0;
    public static final int SLOT_TERMINATE = 1;
    public static final int SLOT_PID = 4;
    public static final int SLOT_GENERATION = 8;
    public static final int SLOT_WORKER = 16;
    public static final int SLOT_SIZE = SLOT_WORKER + BackgroundWorkerLayout.SIZE; // 560

    private SlotArrayLayout() {
    }

    /** BackgroundWorkerShmemSize: bytes needed for {@code maxWorkerProcesses} slots. */
    public static long sizeFor(int maxWorkerProcesses) {
        return SLOTS + (long) maxWorkerProcesses * SLOT_SIZE;
    }

    public static int slotOffset(int slot) {
        return SLOTS + slot * SLOT_SIZE;
    }
}
