package org.bgwcheck.launcher.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.bgwcheck.core.backend.BackgroundWorkerLock;

/**
 * {@code BackgroundWorkerLock} for backends that are separate processes: a reader/writer word in
 * shared memory, changed only by compare-and-set.
 *
 * <ul>
 * <li>{@code 0}: free; {@code n > 0}: held SHARED by {@code n} processes; {@code -1}: held
 *     EXCLUSIVE.</li>
 * <li>Acquire is a successful CAS (a volatile read-modify-write: acquire semantics, every later
 *     access stays after it); release is a volatile decrement or store (release semantics, every
 *     earlier access stays before it). That is the ordering core's backends need among
 *     themselves; the postmaster never touches this word.</li>
 * <li>There is no futex in the JDK, so a waiter polls: spins, then yields, then parks with a
 *     back-off capped at 1 ms. The lock is held for a few microseconds (a slot scan), so waits
 *     are short; readers can delay a writer, never block it for long.</li>
 * <li>A process killed while holding the word leaves it held. PostgreSQL's answer is the same:
 *     a backend that dies abnormally forces a crash-restart, which re-creates shared memory
 *     ({@link SharedMemorySegment#resetSynchronisation()}). A waiter gives up after its budget
 *     with an {@link IllegalStateException} naming the word's value, rather than hang.</li>
 * </ul>
 */
public final class SharedBackgroundWorkerLock implements BackgroundWorkerLock {

    /** How long a backend waits for the lock before it reports a wedged lock and fails. */
    public static final long DEFAULT_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final int EXCLUSIVE = -1;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ByteBuffer buffer;
    private final int offset;
    private final long budgetNanos;

    SharedBackgroundWorkerLock(ByteBuffer buffer, int offset) {
        this(buffer, offset, DEFAULT_BUDGET_NANOS);
    }

    /**
     * A lock word at {@code offset} of a direct buffer (4-byte aligned in memory; a mapped file in
     * real use, a direct buffer in unit tests).
     */
    public SharedBackgroundWorkerLock(ByteBuffer buffer, int offset, long budgetNanos) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("a cross-process lock needs a direct (mapped) buffer");
        }
        this.buffer = buffer.duplicate().order(ByteOrder.nativeOrder());
        this.offset = offset;
        this.budgetNanos = budgetNanos;
    }

    @Override
    public void acquire(Mode mode) {
        if (tryAcquire(mode)) {
            return;
        }
        long deadline = System.nanoTime() + budgetNanos;
        long park = 1_000;
        for (int round = 1; ; round++) {
            if (round < 64) {
                Thread.onSpinWait();
            } else if (round < 128) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, MAX_PARK_NANOS);
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not acquire BackgroundWorkerLock in " + mode + " mode within "
                            + TimeUnit.NANOSECONDS.toSeconds(budgetNanos) + " s: the lock word is " + describe(word())
                            + "; a process may have died holding it");
                }
            }
            if (tryAcquire(mode)) {
                return;
            }
        }
    }

    /** One attempt, never waits. */
    public boolean tryAcquire(Mode mode) {
        int value = (int) INT.getVolatile(buffer, offset);
        if (mode == Mode.EXCLUSIVE) {
            return value == 0 && INT.compareAndSet(buffer, offset, 0, EXCLUSIVE);
        }
        return value >= 0 && value < Integer.MAX_VALUE && INT.compareAndSet(buffer, offset, value, value + 1);
    }

    @Override
    public void release(Mode mode) {
        if (mode == Mode.EXCLUSIVE) {
            if (!INT.compareAndSet(buffer, offset, EXCLUSIVE, 0)) {
                throw new IllegalStateException("BackgroundWorkerLock released in EXCLUSIVE mode but the word is "
                        + describe(word()));
            }
            return;
        }
        for (;;) {
            int value = (int) INT.getVolatile(buffer, offset);
            if (value <= 0) {
                throw new IllegalStateException("BackgroundWorkerLock released in SHARED mode but the word is "
                        + describe(value));
            }
            if (INT.compareAndSet(buffer, offset, value, value - 1)) {
                return;
            }
        }
    }

    /** The raw word: 0 free, n shared holders, -1 exclusive. */
    public int word() {
        return (int) INT.getVolatile(buffer, offset);
    }

    private static String describe(int value) {
        if (value == 0) {
            return "0 (free)";
        }
        if (value == EXCLUSIVE) {
            return "-1 (held exclusively)";
        }
        return value > 0 ? value + " (held shared by " + value + ")" : value + " (corrupt)";
    }
}
