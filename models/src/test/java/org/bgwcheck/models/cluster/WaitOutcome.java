package org.bgwcheck.models.cluster;

import org.bgwcheck.core.backend.HandleStatus;
import org.bgwcheck.core.backend.WorkerStatus;

/**
 * How a WaitForBackgroundWorkerStartup or WaitForBackgroundWorkerShutdown ends: with the status it returns, or
 * never ({@link #FOREVER}: the backend sleeps on a latch that nothing will set).
 */
public record WaitOutcome(WorkerStatus answer) {
    public static final WaitOutcome FOREVER = new WaitOutcome(null);

    /**
     * Whether {@code status} ends a wait for startup (anything but NOT_YET_STARTED) or for shutdown (STOPPED or
     * POSTMASTER_DIED), as the loops of WaitForBackgroundWorkerStartup and WaitForBackgroundWorkerShutdown decide.
     */
    public static boolean ends(WorkerStatus status, boolean forShutdown) {
        return forShutdown
                ? status.status() == HandleStatus.STOPPED || status.status() == HandleStatus.POSTMASTER_DIED
                : status.status() != HandleStatus.NOT_YET_STARTED;
    }

    @Override
    public String toString() {
        return answer == null ? "waits for ever" : "returns " + answer;
    }
}
