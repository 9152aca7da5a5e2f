package org.bgwcheck.core.env;

/** {@code SendPostmasterSignal(PMSIGNAL_BACKGROUND_WORKER_CHANGE)}: a backend asks the postmaster to rescan. */
@FunctionalInterface
public interface PostmasterSignal {
    void backgroundWorkerChange();
}
