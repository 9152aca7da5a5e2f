package org.bgwcheck.core.postmaster;

import org.bgwcheck.core.worker.StartTime;

/**
 * The postmaster states that matter to background workers (a subset of postmaster.c's {@code PMState}).
 */
public enum PmState {
    /** PM_STARTUP: recovery has not reached consistency. */
    STARTUP,
    /** PM_HOT_STANDBY: consistent, still in recovery. */
    HOT_STANDBY,
    /** PM_RUN: normal running. */
    RUN,
    /** PM_STOP_BACKENDS / PM_WAIT_BACKENDS: shutdown or crash in progress, children being stopped. */
    STOP_BACKENDS,
    /** PM_NO_CHILDREN after shutdown: the postmaster has exited. */
    EXITED;

    /** bgworker_should_start_now. An unknown start-time code (corrupt memory) never starts. */
    boolean allowsStart(int startTime) {
        return switch (this) {
            case RUN -> startTime == StartTime.RECOVERY_FINISHED.code()
                    || startTime == StartTime.CONSISTENT_STATE.code()
                    || startTime == StartTime.POSTMASTER_START.code();
            case HOT_STANDBY -> startTime == StartTime.CONSISTENT_STATE.code()
                    || startTime == StartTime.POSTMASTER_START.code();
            case STARTUP -> startTime == StartTime.POSTMASTER_START.code();
            case STOP_BACKENDS, EXITED -> false;
        };
    }
}
