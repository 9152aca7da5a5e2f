package org.bgwcheck.stress.race;

import org.bgwcheck.stress.StaleStatusVersusRegister;

/** The steps of {@link StaleStatusVersusRegister}: a stale handle's status while its slot is reused. */
public final class StaleStatusVersusRegisterSteps extends StaleHandleSteps
        implements StaleStatusVersusRegister.Steps {
    private String previousStatus;

    public StaleStatusVersusRegisterSteps(String variant) {
        super(variant);
    }

    @Override
    public void status() {
        previousStatus = cluster.status(previous);
    }

    @Override
    public String outcome() {
        return previousStatus;
    }
}
