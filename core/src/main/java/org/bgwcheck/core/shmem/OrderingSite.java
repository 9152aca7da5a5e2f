package org.bgwcheck.core.shmem;

/**
 * The named memory-ordering sites of the slot protocol. The postmaster takes no lock, so these fences are
 * the whole of the hand-off between it and the backends; each constant says what breaks without it.
 * Protocol code issues one only through {@link SlotMemory#fence(OrderingSite)}, so that the memory it works
 * on decides what the barrier means (a JDK fence, or an ordering point in a store buffer).
 */
public enum OrderingSite {
    /**
     * RegisterDynamicBackgroundWorker: write barrier between filling the slot and {@code in_use = true}.
     * Without it the postmaster can see {@code in_use} and copy a half-written or older registration (S1).
     */
    PUBLISH_ON_REGISTER(Barrier.WRITE),
    /**
     * BackgroundWorkerStateChange: read barrier after seeing {@code in_use = true}. Without it the loads of
     * the registration may be satisfied before the {@code in_use} load, reading the previous one (S1).
     */
    ACQUIRE_ON_SCAN(Barrier.READ),
    /**
     * BackgroundWorkerStateChange, terminated-before-listed path: full barrier immediately before
     * {@code in_use = false}, after {@code pid = 0}, the terminate-counter increment and the notify-pid
     * load. Without it a backend can re-register the slot and then have its fields overwritten by the
     * postmaster's delayed stores (S4), or the counter update can be lost against the new owner (S5).
     */
    RELEASE_ON_SCAN_TERMINATE(Barrier.FULL),
    /**
     * ForgetBackgroundWorker: full barrier immediately before {@code in_use = false}, for the same reason as
     * {@link #RELEASE_ON_SCAN_TERMINATE}; the seed had none here (PostgreSQL commit 30d8bad494 added it).
     */
    RELEASE_ON_FORGET(Barrier.FULL);

    private final Barrier barrier;

    OrderingSite(Barrier barrier) {
        this.barrier = barrier;
    }

    /** The barrier PostgreSQL places at this site. */
    public Barrier barrier() {
        return barrier;
    }
}
