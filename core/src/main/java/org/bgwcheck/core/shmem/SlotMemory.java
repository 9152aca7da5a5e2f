package org.bgwcheck.core.shmem;

import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerLayout.StringField;

/**
 * {@code BackgroundWorkerArray} in shared memory, seen through the narrowest interface the protocol needs.
 *
 * <p>Every accessor is a <em>plain</em> load or store: no implementation may add ordering of its own. All
 * ordering comes from the protocol's named fences ({@link OrderingSite}); that is what lets jcstress and the
 * memory models catch a missing one. Counters are uint32 held in an {@code int}; generations are uint64 held
 * in a {@code long}; both are compared and incremented modulo their width.
 *
 * <p>Slot indexes are trusted to be below {@link #capacity()}: the postmaster never derives one from shared
 * memory (it uses its own {@code max_worker_processes}), and backends hold handles the protocol gave them.
 */
public interface SlotMemory {
    /** How many slots this memory was built with: the process-local {@code max_worker_processes}. */
    int capacity();

    /**
     * Issues the barrier of {@code site} for the calling process. The plain backings issue the JDK fence
     * ({@link Barrier#issue()}); a backing that models store buffers orders them instead.
     */
    void fence(OrderingSite site);

    /** {@code total_slots} as stored in shared memory, which a rogue backend may have corrupted. */
    int totalSlots();

    void setTotalSlots(int n);

    int parallelRegisterCount();

    void setParallelRegisterCount(int n);

    int parallelTerminateCount();

    void setParallelTerminateCount(int n);

    boolean inUse(int slot);

    void setInUse(int slot, boolean inUse);

    boolean terminate(int slot);

    void setTerminate(int slot, boolean terminate);

    int pid(int slot);

    void setPid(int slot, int pid);

    long generation(int slot);

    void setGeneration(int slot, long generation);

    /** memcpy of a whole registration into the slot, field by field in struct order. */
    void writeWorker(int slot, BackgroundWorker worker);

    /** A copy of the raw {@code BGW_MAXLEN} bytes of one string field, possibly unterminated. */
    byte[] workerString(int slot, StringField field);

    int workerFlags(int slot);

    int workerStartTime(int slot);

    int workerRestartTime(int slot);

    long workerMainArg(int slot);

    byte[] workerExtra(int slot);

    int workerNotifyPid(int slot);
}
