package org.bgwcheck.launcher.signal;

import org.bgwcheck.core.env.Signal;

/**
 * What travels on a child's signal pipe: one byte per signal. The postmaster holds the write end
 * of every child's pipe (the child's standard input); {@code kill(pid, sig)} in the postmaster is
 * a one-byte write to that pipe, and the child's {@link SignalPipeReader} acts on it as the
 * signal handler would.
 */
public enum SignalCode {
    /** SIGUSR1: set the latch (a bgw_notify_pid notification, procsignal). */
    SIGUSR1('U'),
    /** SIGTERM: a worker exits 1 at once (bgworker_die); a backend sets ProcDiePending (die). */
    SIGTERM('T'),
    /** SIGQUIT: exit 2 at once, no cleanup (quickdie): crash-restart is under way. */
    SIGQUIT('Q'),
    /**
     * Not a signal: a message from the backend's client (the test or the demo), which a paused
     * session waits for; it also sets the latch.
     */
    CLIENT_MESSAGE('G');

    private final byte code;

    SignalCode(char code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The code for this byte, or {@code null} (unknown bytes are ignored by the reader). */
    public static SignalCode of(int b) {
        for (SignalCode c : values()) {
            if (c.code == b) {
                return c;
            }
        }
        return null;
    }

    /** The pipe code for one of the protocol's signals. */
    public static SignalCode of(Signal signal) {
        return switch (signal) {
            case SIGUSR1 -> SIGUSR1;
            case SIGTERM -> SIGTERM;
            case SIGQUIT -> SIGQUIT;
        };
    }
}
