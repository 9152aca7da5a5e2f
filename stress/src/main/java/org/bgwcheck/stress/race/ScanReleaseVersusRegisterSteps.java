package org.bgwcheck.stress.race;

import org.bgwcheck.stress.ScanReleaseVersusRegister;

/**
 * The steps of {@link ScanReleaseVersusRegister}: BackgroundWorkerStateChange frees a slot terminated before it
 * was listed while a backend re-registers it.
 */
public final class ScanReleaseVersusRegisterSteps extends ReleaseVersusRegisterSteps {
    public ScanReleaseVersusRegisterSteps(String variant) {
        super(variant);
        cluster.previousTerminatedUnnoticed();
    }

    /** BackgroundWorkerStateChange, finding the slot in use, unlisted and terminated. */
    @Override
    void release() {
        cluster.backgroundWorkerStateChange();
    }
}
