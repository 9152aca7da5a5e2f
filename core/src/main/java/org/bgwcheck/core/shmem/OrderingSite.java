package org.bgwcheck.core.shmem;

import java.lang.invoke.VarHandle;

/**
 * The named memory-ordering sites of the slot protocol. The postmaster takes no lock, so these fences are
 * the whole of the hand-off between it and the backends; each constant says what breaks without it.
 *
 * <p>PostgreSQL's barriers map onto the JDK's fences: {@code pg_write_barrier} = store-store,
 * {@code pg_read_barrier} = load-load, {@code pg_memory_barrier} = full fence.
 */
public enum OrderingSite {
    /**
     * RegisterDynamicBackgroundWorker: write barrier between filling the slot and {@code in_use = true}.
     * Without it the postmaster can see {@code in_use} and copy a half-written or older registration (S1).
     */
    PUBLISH_ON_REGISTER {
        @Override
        public void fence() {
            VarHandle.storeStoreFence();
        }
    },
    /**
     * BackgroundWorkerStateChange: read barrier after seeing {@code in_use = true}. Without it the loads of
     * the registration may be satisfied before the {@code in_use} load, reading the previous one (S1).
     */
    ACQUIRE_ON_SCAN {
        @Override
        public void fence() {
            VarHandle.loadLoadFence();
        }
    },
    /**
     * BackgroundWorkerStateChange, terminated-before-listed path: full barrier immediately before
     * {@code in_use = false}, after {@code pid = 0}, the terminate-counter increment and the notify-pid
     * load. Without it a backend can re-register the slot and then have its fields overwritten by the
     * postmaster's delayed stores (S4), or the counter update can be lost against the new owner (S5).
     */
    RELEASE_ON_SCAN_TERMINATE {
        @Override
        public void fence() {
            VarHandle.fullFence();
        }
    },
    /**
     * ForgetBackgroundWorker: full barrier immediately before {@code in_use = false}, for the same reason as
     * {@link #RELEASE_ON_SCAN_TERMINATE}; the seed had none here (PostgreSQL commit 30d8bad494 added it).
     */
    RELEASE_ON_FORGET {
        @Override
        public void fence() {
            VarHandle.fullFence();
        }
    };

    /** Issues this site's fence. */
    public abstract void fence();
}
