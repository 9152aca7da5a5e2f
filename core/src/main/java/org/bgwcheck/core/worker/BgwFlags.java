package org.bgwcheck.core.worker;

/** The {@code bgw_flags} bits of {@code bgworker.h}, with the C values so encodings stay byte-compatible. */
public final class BgwFlags {
    /** BGWORKER_SHMEM_ACCESS: the worker attaches to shared memory; an abnormal exit forces crash-restart. */
    public static final int SHMEM_ACCESS = 0x0001;
    /** BGWORKER_BACKEND_DATABASE_CONNECTION: the worker may connect to a database (needs SHMEM_ACCESS). */
    public static final int BACKEND_DATABASE_CONNECTION = 0x0002;
    /** BGWORKER_CLASS_PARALLEL: counted against max_parallel_workers by the two parallel counters. */
    public static final int CLASS_PARALLEL = 0x0010;

    private BgwFlags() {
    }

    public static boolean isParallel(int flags) {
        return (flags & CLASS_PARALLEL) != 0;
    }

    public static boolean hasShmemAccess(int flags) {
        return (flags & SHMEM_ACCESS) != 0;
    }
}
