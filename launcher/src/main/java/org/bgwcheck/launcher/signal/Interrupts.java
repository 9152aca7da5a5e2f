package org.bgwcheck.launcher.signal;

/**
 * A backend's pending interrupts ({@code ProcDiePending}, {@code InterruptHoldoffCount}) and
 * {@code CHECK_FOR_INTERRUPTS()}: SIGTERM only records that the backend must die; the backend dies
 * at the next check that is not held off, never in the middle of an operation (so never while it
 * holds {@code BackgroundWorkerLock}).
 */
public final class Interrupts {

    private volatile boolean diePending;
    private int holdoff;

    /** The SIGTERM handler's half ({@code die}). */
    public void requestDie() {
        diePending = true;
    }

    public boolean diePending() {
        return diePending;
    }

    /** {@code HOLD_INTERRUPTS()}. Only the backend's own thread calls this. */
    public void hold() {
        holdoff++;
    }

    /** {@code RESUME_INTERRUPTS()}, followed by a check. */
    public void resume() {
        if (holdoff > 0) {
            holdoff--;
        }
        check();
    }

    /** {@code CHECK_FOR_INTERRUPTS()}: throws {@link ProcDieException} if the backend must die now. */
    public void check() {
        if (diePending && holdoff == 0) {
            throw new ProcDieException();
        }
    }

    /** {@code ereport(FATAL, "terminating connection due to administrator command")}. */
    public static final class ProcDieException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProcDieException() {
            super("terminating connection due to administrator command");
        }
    }
}
