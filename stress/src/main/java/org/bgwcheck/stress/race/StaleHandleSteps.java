package org.bgwcheck.stress.race;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.variant.Variant;

/**
 * What the two stale-handle races share: the slot's previous worker has come and gone, its leader still holds
 * the handle, and a second backend re-registers the slot.
 */
abstract class StaleHandleSteps {
    final StressCluster cluster;
    /** The handle of the slot's previous worker, released before the race. */
    final BackgroundWorkerHandle previous;
    /** The second backend's handle, once it registered. */
    BackgroundWorkerHandle next;

    StaleHandleSteps(String variant) {
        cluster = new StressCluster(Variant.parse(variant));
        previous = cluster.previousReleased();
    }

    /** Second backend: RegisterDynamicBackgroundWorker of the slot's next registration. */
    public final void register() {
        next = cluster.registerDynamicBackgroundWorker(StressCluster.NEXT);
    }
}
