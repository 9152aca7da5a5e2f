package org.bgwcheck.launcher.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.launcher.param.PrivateTempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leak check finds a leftover process, parameter file and shared-memory file, and nothing else. */
class LeaksTest {

    @TempDir
    Path data;

    @Test
    void aCleanDataDirectoryHasNoLeaks() throws Exception {
        PrivateTempDir.open(data, 1);
        Leaks leaks = Leaks.find(data, List.of(ProcessHandle.current().pid()), List.of(data.resolve("gone.shm")));
        // This JVM's command line does not name the data directory: a pid alone is not ours.
        assertEquals(0, leaks.total(), leaks.toString());
    }

    @Test
    void everyKindOfLeftoverIsFound() throws Exception {
        PrivateTempDir tmp = PrivateTempDir.open(data, 1);
        Path file = tmp.createParameterFile(new byte[] {1, 2, 3});
        Path shm = Files.writeString(data.resolve("bgwcheck-x.shm"), "segment");
        // A process whose command line names the data directory, as every child's does.
        Process process = new ProcessBuilder("sh", "-c", "sleep 60; true", data.toString()).start();
        try {
            Leaks leaks = Leaks.find(data, List.of(process.pid()), List.of(shm));
            assertEquals(1, leaks.processes().size(), leaks.toString());
            assertTrue(leaks.processes().get(0).startsWith(process.pid() + " "));
            assertEquals(List.of(file.toString()), leaks.parameterFiles());
            assertEquals(List.of(shm.toString()), leaks.sharedMemoryFiles());
            assertEquals(3, leaks.total());
            assertEquals(6, leaks.plus(leaks).total());
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(0, Leaks.find(data, List.of(process.pid()), List.of()).processes().size(), "a dead process is no leak");
    }
}
