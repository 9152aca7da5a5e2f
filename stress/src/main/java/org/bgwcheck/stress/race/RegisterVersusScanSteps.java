package org.bgwcheck.stress.race;

import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.stress.RegisterVersusScan;

/** The steps of {@link RegisterVersusScan}: a backend publishes into a reused slot while the postmaster scans. */
public final class RegisterVersusScanSteps implements RegisterVersusScan.Steps {
    /** Bounds the polling (about a tenth of a millisecond) in case the backend's thread does not run. */
    private static final int MAX_SCANS = 1000;

    private final StressCluster cluster;
    private volatile boolean registered;

    public RegisterVersusScanSteps(String variant) {
        cluster = new StressCluster(Variant.parse(variant));
        cluster.previousReleased();
    }

    @Override
    public void register() {
        cluster.registerDynamicBackgroundWorker(StressCluster.NEXT);
        registered = true;
    }

    @Override
    public void scan() {
        for (int i = 0; i < MAX_SCANS && cluster.launched() == null; i++) {
            boolean backendDone = registered;
            cluster.backgroundWorkerStateChange();
            if (backendDone) {
                return;
            }
        }
    }

    @Override
    public String outcome() {
        BackgroundWorker started = cluster.launched();
        if (started == null) {
            return cluster.shm.inUse(0) ? "NOT_SEEN" : "RELEASED_AS_TERMINATED";
        }
        String stale = Registrations.fieldsDiffering(started, StressCluster.NEXT);
        if (!stale.isEmpty()) {
            return "SAW_STALE " + stale;
        }
        return cluster.shm.pid(0) == StressCluster.WORKER_PID ? "SAW_NEXT" : "PID_OVERWRITTEN";
    }
}
