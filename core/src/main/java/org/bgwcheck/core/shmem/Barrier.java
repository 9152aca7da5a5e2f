package org.bgwcheck.core.shmem;

import java.lang.invoke.VarHandle;

/**
 * PostgreSQL's three barriers, and what each means on the JVM when the slot array is ordinary memory.
 * A {@link SlotMemory} decides what a fence does ({@link SlotMemory#fence}); the plain backings issue these
 * VarHandle fences, a buffered backing applies the barrier to its store buffers instead.
 */
public enum Barrier {
    /** {@code pg_write_barrier}: stores before it become visible before stores after it. */
    WRITE {
        @Override
        public void issue() {
            VarHandle.storeStoreFence();
        }
    },
    /** {@code pg_read_barrier}: loads before it are satisfied before loads after it. */
    READ {
        @Override
        public void issue() {
            VarHandle.loadLoadFence();
        }
    },
    /** {@code pg_memory_barrier}: both of the above, and stores before it become visible before loads after it. */
    FULL {
        @Override
        public void issue() {
            VarHandle.fullFence();
        }
    };

    /** Issues this barrier as a JDK fence. */
    public abstract void issue();
}
