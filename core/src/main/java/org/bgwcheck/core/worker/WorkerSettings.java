package org.bgwcheck.core.worker;

/** The two GUCs the protocol reads: {@code max_worker_processes} and {@code max_parallel_workers}. */
public record WorkerSettings(int maxWorkerProcesses, int maxParallelWorkers) {
    public WorkerSettings {
        if (maxWorkerProcesses < 0 || maxWorkerProcesses > 262_143) {
            throw new IllegalArgumentException("max_worker_processes must be between 0 and 262143, got "
                    + maxWorkerProcesses);
        }
        if (maxParallelWorkers < 0 || maxParallelWorkers > BgwLimits.MAX_PARALLEL_WORKER_LIMIT) {
            throw new IllegalArgumentException("max_parallel_workers must be between 0 and "
                    + BgwLimits.MAX_PARALLEL_WORKER_LIMIT + ", got " + maxParallelWorkers);
        }
    }
}
