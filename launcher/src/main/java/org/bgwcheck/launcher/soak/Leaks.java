package org.bgwcheck.launcher.soak;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.bgwcheck.launcher.cluster.LiveCluster;
import org.bgwcheck.launcher.param.PrivateTempDir;

/**
 * What a stopped cluster must not leave behind: no process it started (postmaster, backend,
 * worker) still running, no parameter file in {@code <data>/pgsql_tmp}, no shared-memory file.
 * Processes are recognised by pid <em>and</em> by their command line naming the data directory,
 * so that a pid the system has since given to someone else's process is not counted (or killed).
 */
public record Leaks(List<String> processes, List<String> parameterFiles, List<String> sharedMemoryFiles) {

    public static final Leaks NONE = new Leaks(List.of(), List.of(), List.of());

    public int total() {
        return processes.size() + parameterFiles.size() + sharedMemoryFiles.size();
    }

    public Leaks plus(Leaks other) {
        List<String> p = new ArrayList<>(processes);
        p.addAll(other.processes);
        List<String> f = new ArrayList<>(parameterFiles);
        f.addAll(other.parameterFiles);
        List<String> s = new ArrayList<>(sharedMemoryFiles);
        s.addAll(other.sharedMemoryFiles);
        return new Leaks(List.copyOf(p), List.copyOf(f), List.copyOf(s));
    }

    /**
     * Looks for leftovers of a cluster in {@code dataDirectory}.
     *
     * @param pids              every process the cluster started, the postmaster included
     * @param sharedMemoryFiles every shared-memory file it created
     */
    public static Leaks find(Path dataDirectory, Collection<Long> pids, Collection<Path> sharedMemoryFiles)
            throws IOException {
        List<String> processes = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> LiveCluster.belongsTo(h, dataDirectory))
                    .ifPresent(h -> processes.add(pid + " " + h.info().commandLine().orElse("?")));
        }
        List<String> files = new ArrayList<>();
        Path tmp = dataDirectory.resolve(PrivateTempDir.DIRECTORY_NAME);
        if (Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, PrivateTempDir.PARAMETER_FILE_PREFIX + "*")) {
                for (Path entry : entries) {
                    files.add(entry.toString());
                }
            }
        }
        List<String> shm = new ArrayList<>();
        for (Path file : sharedMemoryFiles) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                shm.add(file.toString());
            }
        }
        return new Leaks(List.copyOf(processes), List.copyOf(files), List.copyOf(shm));
    }

    @Override
    public String toString() {
        return processes.size() + " processes, " + parameterFiles.size() + " parameter files, " + sharedMemoryFiles.size()
                + " shared-memory files" + (total() == 0 ? "" : ": " + processes + " " + parameterFiles + " "
                + sharedMemoryFiles);
    }
}
