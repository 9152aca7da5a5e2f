package org.bgwcheck.stress.race;

import org.bgwcheck.stress.StaleTerminateVersusRegister;

/** The steps of {@link StaleTerminateVersusRegister}: a stale handle's terminate while its slot is reused. */
public final class StaleTerminateVersusRegisterSteps extends StaleHandleSteps
        implements StaleTerminateVersusRegister.Steps {
    public StaleTerminateVersusRegisterSteps(String variant) {
        super(variant);
    }

    @Override
    public void terminate() {
        cluster.terminateBackgroundWorker(previous);
    }

    /** The postmaster's next BackgroundWorkerStateChange decides the next worker's fate. */
    @Override
    public String outcome() {
        cluster.backgroundWorkerStateChange();
        return next == null ? "NOT_REGISTERED" : cluster.status(next);
    }
}
