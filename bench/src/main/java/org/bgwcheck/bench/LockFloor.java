package org.bgwcheck.bench;

import org.bgwcheck.core.backend.BackgroundWorkerLock;
import org.bgwcheck.core.backend.BackgroundWorkerLock.Mode;
import org.bgwcheck.core.backend.InProcessBackgroundWorkerLock;

/**
 * The floor under a backend round trip: BackgroundWorkerLock taken and released as often and in the same
 * modes as {@link RoundTripCluster#roundTrip()} takes it (register: exclusive, terminate: exclusive,
 * status: shared), around empty critical sections. A round trip can be no cheaper than this; the ratio to
 * it is what the protocol adds on top of its lock.
 */
final class LockFloor {
    private final BackgroundWorkerLock lock = new InProcessBackgroundWorkerLock();

    void takeLikeARoundTrip() {
        lock.acquire(Mode.EXCLUSIVE);
        lock.release(Mode.EXCLUSIVE);
        lock.acquire(Mode.EXCLUSIVE);
        lock.release(Mode.EXCLUSIVE);
        lock.acquire(Mode.SHARED);
        lock.release(Mode.SHARED);
    }
}
