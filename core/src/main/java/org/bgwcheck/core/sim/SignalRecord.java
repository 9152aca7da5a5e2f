package org.bgwcheck.core.sim;

import org.bgwcheck.core.env.Signal;

/**
 * One kill(2) the postmaster made, in order, with what the target was when it arrived and, for a backend,
 * whether that process (not just that pid) had asked to be notified.
 */
public record SignalRecord(int pid, Signal signal, Target target, boolean targetAsked) {
    /** Who received it. */
    public enum Target { BACKEND, WORKER, NO_SUCH_PROCESS }
}
