package org.bgwcheck.launcher.signal;

/**
 * Ending a child from its signal-pipe thread, the way a signal handler ends a PostgreSQL child:
 * at once, with its status and at most one line on stderr ({@code <kind>[<pid>]: <LEVEL>: ...}).
 * {@code Runtime.halt}, not {@code System.exit}: nothing may run after a quickdie, and the main
 * thread may be anywhere.
 */
public final class ProcessExit {

    private ProcessExit() {
    }

    public static void halt(int status, String name, String level, String message) {
        System.out.flush();
        if (message != null) {
            System.err.println(name + "[" + ProcessHandle.current().pid() + "]: " + level + ": " + message);
        }
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
