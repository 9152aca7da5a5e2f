package org.bgwcheck.launcher.kind;

/**
 * A reason for a child to exit with status 1, whose message is complete and fit for the one-line
 * FATAL report: a bad invocation, a mismatched parameter file, shared memory that cannot be
 * attached, a background worker that cannot be found or that failed. Other exceptions are
 * reported with their class name, since their message alone may not say what went wrong.
 */
public final class ChildFatalException extends Exception {

    public ChildFatalException(String message) {
        super(message);
    }

    public ChildFatalException(String message, Throwable cause) {
        super(message, cause);
    }
}
