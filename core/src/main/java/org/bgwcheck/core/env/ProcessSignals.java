package org.bgwcheck.core.env;

/** {@code kill(2)} as the postmaster uses it. A signal to a pid that no longer exists is silently lost. */
@FunctionalInterface
public interface ProcessSignals {
    void kill(int pid, Signal signal);
}
