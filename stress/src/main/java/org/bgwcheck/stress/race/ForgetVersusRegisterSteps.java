package org.bgwcheck.stress.race;

import org.bgwcheck.stress.ForgetVersusRegister;

/** The steps of {@link ForgetVersusRegister}: the reaper forgets an exited worker while a backend re-registers. */
public final class ForgetVersusRegisterSteps extends ReleaseVersusRegisterSteps {
    public ForgetVersusRegisterSteps(String variant) {
        super(variant);
        cluster.previousRunning();
    }

    /** The reaper collecting the worker, which exited with 0. */
    @Override
    void release() {
        cluster.workerExited(0);
    }
}
