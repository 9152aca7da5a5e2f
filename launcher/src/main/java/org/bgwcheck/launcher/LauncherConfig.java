package org.bgwcheck.launcher;

import java.nio.file.Path;
import java.util.Objects;

import org.bgwcheck.launcher.exec.ChildJvm;
import org.bgwcheck.launcher.param.Gucs;

/**
 * What a postmaster needs to launch children.
 *
 * @param dataDirectory    the data directory; parameter files go to its {@code pgsql_tmp}
 * @param sharedMemoryFile the file that shared-memory kinds map; must exist before they start
 * @param libraryPath      class path for external background-worker libraries, possibly empty
 * @param gucs             GUC values passed to every child
 * @param childJvm         how to start a child JVM
 */
public record LauncherConfig(Path dataDirectory, Path sharedMemoryFile, String libraryPath, Gucs gucs,
                             ChildJvm childJvm) {

    public LauncherConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(sharedMemoryFile, "sharedMemoryFile");
        Objects.requireNonNull(libraryPath, "libraryPath");
        Objects.requireNonNull(gucs, "gucs");
        Objects.requireNonNull(childJvm, "childJvm");
    }
}
