package org.bgwcheck.core.worker;

/** Fixed sizes and sentinels from {@code bgworker.h} and {@code miscadmin.h}. */
public final class BgwLimits {
    /** BGW_MAXLEN: every name field is a 96-byte, NUL-terminated char array. */
    public static final int BGW_MAXLEN = 96;
    /** BGW_EXTRALEN: opaque bytes passed to the worker. */
    public static final int BGW_EXTRALEN = 128;
    /** BGW_NEVER_RESTART: restart interval meaning "forget the worker when it exits". */
    public static final int BGW_NEVER_RESTART = -1;
    /** InvalidPid: the slot's worker has not been started yet. A pid of 0 means it is dead. */
    public static final int INVALID_PID = -1;
    /** MAX_PARALLEL_WORKER_LIMIT: the largest max_parallel_workers the GUC accepts. */
    public static final int MAX_PARALLEL_WORKER_LIMIT = 1024;
    /** USECS_PER_DAY / 1000: the largest restart interval SanityCheckBackgroundWorker accepts, in seconds. */
    public static final int MAX_RESTART_INTERVAL_SECONDS = 86_400_000;

    private BgwLimits() {
    }
}
