package org.bgwcheck.launcher.param;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns an I/O exception into the short reason an error message ends with. */
public final class IoErrors {

    private IoErrors() {
    }

    /** "No such file or directory" rather than the exception's path-prefixed message. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
