package org.bgwcheck.launcher.signal;

import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.env.Latch;

/**
 * A process's latch ({@code MyLatch}) for core's waits: set from the signal-pipe thread (SIGUSR1,
 * SIGTERM, a client message), waited on by the process's main thread. Waiting blocks on a monitor
 * until the latch is set or the postmaster is gone; there is no polling.
 *
 * <p>{@link #resetLatch()} ends with {@code CHECK_FOR_INTERRUPTS()}, because core's wait loops
 * (PostgreSQL's {@code WaitForBackgroundWorkerStartup/Shutdown}) call it right after
 * {@code ResetLatch}: a SIGTERM'd backend dies there unless it holds interrupts.
 *
 * <p>A wait has a budget (0 = none): a latch that nobody sets within it is an L1 failure in this
 * suite's runs, reported as {@link LatchWaitBudgetExceeded} rather than a silent hang.
 */
public final class ProcessLatch implements Latch {

    private final Interrupts interrupts;
    private final long budgetNanos;
    private boolean set;
    private boolean postmasterDead;
    private String waitingFor = "the latch";

    public ProcessLatch(Interrupts interrupts, long budgetMillis) {
        this.interrupts = interrupts;
        this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    }

    /** SetLatch. */
    public synchronized void setLatch() {
        set = true;
        notifyAll();
    }

    /** The signal pipe reached end of file. */
    public synchronized void postmasterDied() {
        postmasterDead = true;
        notifyAll();
    }

    public synchronized boolean postmasterDead() {
        return postmasterDead;
    }

    /** What the next waits are for, named in a budget failure. */
    public synchronized void waitingFor(String what) {
        waitingFor = what;
    }

    @Override
    public synchronized WakeReason waitLatch() {
        long deadline = System.nanoTime() + budgetNanos;
        while (!set && !postmasterDead) {
            try {
                if (budgetNanos == 0) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new LatchWaitBudgetExceeded("waited " + TimeUnit.NANOSECONDS.toSeconds(budgetNanos)
                                + " s for " + waitingFor + " and nothing set the latch (no notification came)");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting on the latch", e);
            }
        }
        return postmasterDead ? WakeReason.POSTMASTER_DEATH : WakeReason.LATCH_SET;
    }

    @Override
    public void resetLatch() {
        synchronized (this) {
            set = false;
        }
        interrupts.check();
    }

    /** A wait outlived its budget: the liveness failure this suite looks for. */
    public static final class LatchWaitBudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LatchWaitBudgetExceeded(String message) {
            super(message);
        }
    }
}
