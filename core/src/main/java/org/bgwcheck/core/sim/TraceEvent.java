package org.bgwcheck.core.sim;

/** One step of a simulated run, as a person reads it: which process did what, and what came of it. */
public record TraceEvent(int seq, String process, String action) {
    @Override
    public String toString() {
        return seq + ". " + process + ": " + action;
    }
}
