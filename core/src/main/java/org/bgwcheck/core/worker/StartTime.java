package org.bgwcheck.core.worker;

/**
 * {@code BgWorkerStartTime}: when the postmaster may start a worker. Stored in shared memory as its C enum
 * code; a corrupt code is kept as a raw int by the postmaster and simply never matches (see
 * {@code bgworker_should_start_now}).
 */
public enum StartTime {
    /** BgWorkerStart_PostmasterStart */
    POSTMASTER_START(0),
    /** BgWorkerStart_ConsistentState */
    CONSISTENT_STATE(1),
    /** BgWorkerStart_RecoveryFinished */
    RECOVERY_FINISHED(2);

    private final int code;

    StartTime(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
