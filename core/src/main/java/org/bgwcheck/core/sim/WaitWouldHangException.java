package org.bgwcheck.core.sim;

/**
 * A backend waits on its latch, and nothing in the simulated world can ever set it or end the postmaster:
 * in a real cluster that wait never returns. A liveness (L1) failure, reported with the world's state.
 */
public final class WaitWouldHangException extends RuntimeException {
    public WaitWouldHangException(String message) {
        super(message);
    }
}
