package org.bgwcheck.core.backend;

/**
 * {@code BackgroundWorkerLock}, the LWLock backends take around every access to the slot array. Only
 * backends use it; the postmaster never does. Acquiring and releasing it must order memory like any lock
 * (acquire and release semantics), which is all the backends need among themselves.
 */
public interface BackgroundWorkerLock {
    enum Mode { SHARED, EXCLUSIVE }

    void acquire(Mode mode);

    void release(Mode mode);
}
