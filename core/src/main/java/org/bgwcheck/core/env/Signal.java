package org.bgwcheck.core.env;

/** The signals the background-worker protocol sends. */
public enum Signal {
    /** Ask a worker to exit (TerminateBackgroundWorker, shutdown). */
    SIGTERM,
    /** Wake a backend that asked to be notified of its worker's state changes (bgw_notify_pid). */
    SIGUSR1,
    /** Crash-restart: every other child must exit at once without cleanup. */
    SIGQUIT
}
