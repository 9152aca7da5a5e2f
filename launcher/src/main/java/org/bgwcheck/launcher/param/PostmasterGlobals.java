package org.bgwcheck.launcher.param;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The postmaster's global state that a fork()ed child would simply inherit and an exec()ed child
 * must be told: the subset of {@code BackendParameters} in {@code launch_backend.c} that this
 * suite needs.
 *
 * @param postmasterPid    {@code PostmasterPid}: whom the child signals
 * @param dataDirectory    {@code DataDir}: the parameter file must live in its temp directory
 * @param sharedMemoryFile the mapped file that holds shared memory ({@code UsedShmemSegID})
 * @param libraryPath      {@code pkglib_path}: where external background-worker entry points are
 *                         loaded from; a class path, possibly empty
 * @param gucs             GUC values the child needs
 */
public record PostmasterGlobals(long postmasterPid, Path dataDirectory, Path sharedMemoryFile,
                                String libraryPath, Gucs gucs) {

    public PostmasterGlobals {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(sharedMemoryFile, "sharedMemoryFile");
        Objects.requireNonNull(libraryPath, "libraryPath");
        Objects.requireNonNull(gucs, "gucs");
        if (postmasterPid <= 0) {
            throw new IllegalArgumentException("postmaster pid must be positive, not " + postmasterPid);
        }
    }
}
