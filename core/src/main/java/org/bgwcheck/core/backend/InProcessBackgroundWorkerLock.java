package org.bgwcheck.core.backend;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/** {@link BackgroundWorkerLock} for backends that are threads of one JVM. */
public final class InProcessBackgroundWorkerLock implements BackgroundWorkerLock {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    @Override
    public void acquire(Mode mode) {
        (mode == Mode.SHARED ? lock.readLock() : lock.writeLock()).lock();
    }

    @Override
    public void release(Mode mode) {
        (mode == Mode.SHARED ? lock.readLock() : lock.writeLock()).unlock();
    }
}
