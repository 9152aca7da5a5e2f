package org.bgwcheck.core.postmaster;

/** How the postmaster was asked to stop. */
public enum ShutdownMode {
    /** SIGTERM to the postmaster: wait for every backend to end by itself, then stop the workers. */
    SMART,
    /** SIGINT to the postmaster: stop backends and workers now. */
    FAST
}
