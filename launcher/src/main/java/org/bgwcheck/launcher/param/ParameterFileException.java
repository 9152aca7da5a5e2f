package org.bgwcheck.launcher.param;

/**
 * A parameter file that cannot be used: missing, not private, a link, or not a well-formed
 * file of the current format. The message is one line meant for the child's stderr.
 */
public final class ParameterFileException extends Exception {

    public ParameterFileException(String message) {
        super(message);
    }

    public ParameterFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
