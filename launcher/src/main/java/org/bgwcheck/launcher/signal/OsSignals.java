package org.bgwcheck.launcher.signal;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Real operating-system signals, where a JVM can take them ({@code sun.misc.Signal}, JDK 17): so
 * that {@code kill -TERM} and Ctrl-C on a terminal do what they do to PostgreSQL's processes. The
 * protocol's own signals travel on the signal pipe; this only makes the processes behave sensibly
 * under a shell's signals too. SIGQUIT belongs to the JVM (thread dumps) and SIGUSR2 has no
 * handler in JDK 17 (it would kill the process), so neither is used.
 */
public final class OsSignals {

    private OsSignals() {
    }

    /** Runs {@code action} on the JVM's signal thread when {@code name} (e.g. "TERM") arrives. */
    public static void handle(String name, Runnable action) {
        Signal.handle(new Signal(name), signal -> action.run());
    }

    /** SIG_IGN: a child ignores SIGINT from a terminal's Ctrl-C; only the postmaster acts on it. */
    public static void ignore(String name) {
        Signal.handle(new Signal(name), SignalHandler.SIG_IGN);
    }
}
