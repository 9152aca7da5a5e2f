package org.bgwcheck.launcher;

/** A child exited before it reported ready; {@link #exit()} has its status and its FATAL line. */
public final class ChildFailedException extends Exception {

    private final transient ChildExit exit;

    public ChildFailedException(String message, ChildExit exit) {
        super(message);
        this.exit = exit;
    }

    public ChildExit exit() {
        return exit;
    }
}
