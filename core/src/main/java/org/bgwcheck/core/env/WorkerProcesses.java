package org.bgwcheck.core.env;

import org.bgwcheck.core.worker.BackgroundWorker;

/**
 * How the postmaster starts a background worker process: {@code postmaster_child_launch(PMC_BGWORKER, ...)}
 * with the registration as startup data. In one JVM a simulation hands out pids; in the launcher it is a
 * real process.
 */
@FunctionalInterface
public interface WorkerProcesses {
    /** Returned by {@link #launch} when no process could be started (fork failed). */
    int LAUNCH_FAILED = -1;

    /** Starts a worker for {@code worker}, which sits in shared-memory slot {@code slot}; its pid or LAUNCH_FAILED. */
    int launch(BackgroundWorker worker, int slot);
}
