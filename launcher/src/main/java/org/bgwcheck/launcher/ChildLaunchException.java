package org.bgwcheck.launcher;

/**
 * The parent could not launch a child: its parameter file could not be written (the name is
 * taken, the startup data is too large) or the process could not be started. Nothing is left
 * behind, and the launcher is ready for the next launch.
 */
public final class ChildLaunchException extends Exception {

    public ChildLaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
