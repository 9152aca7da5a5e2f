package org.bgwcheck.core.worker;

/** {@code ereport(ERROR, ERRCODE_INVALID_PARAMETER_VALUE)} from {@code SanityCheckBackgroundWorker}. */
public final class InvalidWorkerException extends IllegalArgumentException {
    public InvalidWorkerException(String message) {
        super(message);
    }
}
