package org.bgwcheck.launcher.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bgwcheck.core.backend.BackgroundWorkerLock.Mode;
import org.junit.jupiter.api.Test;

class SharedBackgroundWorkerLockTest {

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(256);

    @Test
    void sharedHoldersCoexistAndExcludeAWriter() {
        SharedBackgroundWorkerLock lock = new SharedBackgroundWorkerLock(buffer, 64, TimeUnit.SECONDS.toNanos(5));
        assertTrue(lock.tryAcquire(Mode.SHARED));
        assertTrue(lock.tryAcquire(Mode.SHARED));
        assertEquals(2, lock.word());
        assertFalse(lock.tryAcquire(Mode.EXCLUSIVE));
        lock.release(Mode.SHARED);
        lock.release(Mode.SHARED);
        assertTrue(lock.tryAcquire(Mode.EXCLUSIVE));
        assertEquals(-1, lock.word());
        assertFalse(lock.tryAcquire(Mode.SHARED));
        assertFalse(lock.tryAcquire(Mode.EXCLUSIVE));
        lock.release(Mode.EXCLUSIVE);
        assertEquals(0, lock.word());
    }

    @Test
    void releasingALockNotHeldIsAnError() {
        SharedBackgroundWorkerLock lock = new SharedBackgroundWorkerLock(buffer, 64, TimeUnit.SECONDS.toNanos(5));
        assertThrows(IllegalStateException.class, () -> lock.release(Mode.EXCLUSIVE));
        assertThrows(IllegalStateException.class, () -> lock.release(Mode.SHARED));
    }

    @Test
    void aWedgedLockFailsAfterTheBudgetNamingTheWord() {
        SharedBackgroundWorkerLock holder = new SharedBackgroundWorkerLock(buffer, 64, TimeUnit.SECONDS.toNanos(5));
        holder.acquire(Mode.EXCLUSIVE); // and "dies" holding it
        SharedBackgroundWorkerLock waiter = new SharedBackgroundWorkerLock(buffer, 64, TimeUnit.MILLISECONDS.toNanos(50));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> waiter.acquire(Mode.SHARED));
        assertTrue(e.getMessage().contains("-1 (held exclusively)"), e.getMessage());
    }

    @Test
    void threadsIncrementingUnderTheLockLoseNothing() throws Exception {
        SharedBackgroundWorkerLock lock = new SharedBackgroundWorkerLock(buffer, 64, TimeUnit.SECONDS.toNanos(60));
        int threads = 4;
        int rounds = 20_000;
        int[] plain = new int[1];
        AtomicInteger torn = new AtomicInteger();
        long[] pair = new long[2];
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    lock.acquire(Mode.EXCLUSIVE);
                    plain[0]++;
                    pair[0]++;
                    pair[1]++;
                    lock.release(Mode.EXCLUSIVE);
                    lock.acquire(Mode.SHARED);
                    if (pair[0] != pair[1]) {
                        torn.incrementAndGet();
                    }
                    lock.release(Mode.SHARED);
                }
            });
            all.add(thread);
            thread.start();
        }
        for (Thread thread : all) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
            assertFalse(thread.isAlive(), "a thread is stuck on the lock");
        }
        assertEquals(threads * rounds, plain[0]);
        assertEquals(0, torn.get());
        assertEquals(0, lock.word());
    }
}
