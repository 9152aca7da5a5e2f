package org.bgwcheck.core.env;

/**
 * A backend's process latch ({@code MyLatch}), waited on with {@code WL_LATCH_SET | WL_POSTMASTER_DEATH}.
 * SIGUSR1 from the postmaster sets it.
 */
public interface Latch {
    enum WakeReason { LATCH_SET, POSTMASTER_DEATH }

    /** WaitLatch: blocks until the latch is set or the postmaster has died. */
    WakeReason waitLatch();

    /** ResetLatch. */
    void resetLatch();
}
