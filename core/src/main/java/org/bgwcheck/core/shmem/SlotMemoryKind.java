package org.bgwcheck.core.shmem;

/** The slot-memory backings, so every layer can run the same checks on each. */
public enum SlotMemoryKind {
    /** Plain Java fields: the backing the JIT reorders most freely. */
    OBJECT_FIELDS,
    /** The C layout in a heap ByteBuffer. */
    HEAP_BUFFER,
    /** The C layout in a direct ByteBuffer: native memory, as the launcher's mapped file. */
    DIRECT_BUFFER;

    /** A fresh, zeroed slot array of {@code maxWorkerProcesses} slots. */
    public SlotMemory create(int maxWorkerProcesses) {
        return switch (this) {
            case OBJECT_FIELDS -> new ObjectSlotMemory(maxWorkerProcesses);
            case HEAP_BUFFER -> ByteBufferSlotMemory.allocate(maxWorkerProcesses, false);
            case DIRECT_BUFFER -> ByteBufferSlotMemory.allocate(maxWorkerProcesses, true);
        };
    }
}
