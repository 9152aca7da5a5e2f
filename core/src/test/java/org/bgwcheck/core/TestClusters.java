package org.bgwcheck.core;

import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.WorkerSettings;

/** Small constructors shared by core's tests. */
public final class TestClusters {
    private TestClusters() {
    }

    /** A running cluster (postmaster in RUN) with no static workers. */
    public static SimulatedCluster running(SlotMemoryKind kind, Variant variant, int maxWorkers, int maxParallel) {
        SimulatedCluster c = new SimulatedCluster(kind.create(maxWorkers), new WorkerSettings(maxWorkers, maxParallel),
                variant);
        c.startPostmaster(PmState.RUN);
        return c;
    }

    public static SimulatedCluster running(SlotMemoryKind kind, int maxWorkers, int maxParallel) {
        return running(kind, Variant.FIXED, maxWorkers, maxParallel);
    }

    /** A plain dynamic worker that may start at once and never restarts. */
    public static BackgroundWorker worker(String name) {
        return BackgroundWorker.named(name);
    }

    /** A restartable dynamic worker. */
    public static BackgroundWorker restartable(String name, int restartSeconds) {
        return BackgroundWorker.named(name).withRestartTime(restartSeconds);
    }
}
