package org.bgwcheck.stress.race;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.stress.ReleaseVersusRegister;

/**
 * The steps of {@link ReleaseVersusRegister}: the postmaster releases the slot's previous registration while
 * a backend, retrying while refused, registers the next one. Subclasses set the slot up and release it.
 */
abstract class ReleaseVersusRegisterSteps implements ReleaseVersusRegister.Steps {
    /** Bounds the retries (about a tenth of a millisecond) in case the postmaster's thread does not run. */
    private static final int MAX_TRIES = 500;

    final StressCluster cluster;
    private BackgroundWorkerHandle next;
    private volatile boolean released;

    ReleaseVersusRegisterSteps(String variant) {
        cluster = new StressCluster(Variant.parse(variant));
    }

    /** The postmaster's release of the slot's previous registration, the step under test. */
    abstract void release();

    @Override
    public final void postmaster() {
        release();
        released = true;
    }

    @Override
    public final void register() {
        for (int i = 0; i < MAX_TRIES && next == null; i++) {
            boolean postmasterDone = released;
            next = cluster.registerDynamicBackgroundWorker(StressCluster.NEXT);
            if (postmasterDone) {
                return;
            }
        }
    }

    @Override
    public final String outcome() {
        if (!cluster.parallelAccountingHolds()) {
            return "ACCOUNTING_BROKEN";
        }
        if (next == null) {
            return "REFUSED";
        }
        String status = cluster.status(next);
        return status.equals(WorkerStatus.NOT_YET_STARTED.toString()) ? "REUSED" : "CLOBBERED " + status;
    }
}
