package org.bgwcheck.launcher.param;

/**
 * The GUC values every child needs before it can touch the background-worker slot array. In an
 * exec-mode PostgreSQL child they come back through {@code read_nondefault_variables()}; here
 * they travel in the parameter file.
 *
 * @param maxWorkerProcesses  {@code max_worker_processes}: the number of slots
 * @param maxParallelWorkers  {@code max_parallel_workers}: the cap on active parallel workers
 */
public record Gucs(int maxWorkerProcesses, int maxParallelWorkers) {

    /** PostgreSQL's {@code MAX_BACKENDS}, the upper bound of {@code max_worker_processes}. */
    public static final int MAX_BACKENDS = 0x3FFFF;
    /** PostgreSQL's {@code MAX_PARALLEL_WORKER_LIMIT}. */
    public static final int MAX_PARALLEL_WORKER_LIMIT = 1024;

    public Gucs {
        if (maxWorkerProcesses < 0 || maxWorkerProcesses > MAX_BACKENDS) {
            throw new IllegalArgumentException("max_worker_processes " + maxWorkerProcesses
                    + " is outside the valid range 0.." + MAX_BACKENDS);
        }
        if (maxParallelWorkers < 0 || maxParallelWorkers > MAX_PARALLEL_WORKER_LIMIT) {
            throw new IllegalArgumentException("max_parallel_workers " + maxParallelWorkers
                    + " is outside the valid range 0.." + MAX_PARALLEL_WORKER_LIMIT);
        }
    }

    /** PostgreSQL's defaults: 8 and 8. */
    public static Gucs defaults() {
        return new Gucs(8, 8);
    }
}
