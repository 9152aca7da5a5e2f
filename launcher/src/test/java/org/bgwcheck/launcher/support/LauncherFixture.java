package org.bgwcheck.launcher.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.bgwcheck.launcher.ChildExit;
import org.bgwcheck.launcher.ChildLauncher;
import org.bgwcheck.launcher.ChildPipes;
import org.bgwcheck.launcher.LauncherConfig;
import org.bgwcheck.launcher.exec.ChildJvm;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.param.BackendParameters;
import org.bgwcheck.launcher.param.BackendParametersCodec;
import org.bgwcheck.launcher.param.Gucs;

/**
 * A postmaster for integration tests: a data directory with an 8 KiB shared-memory file, a
 * started {@link ChildLauncher}, and a way to run a child on a hand-made parameter file with no
 * parent-side cleanup, so that what the child itself does to the file is observable.
 */
public final class LauncherFixture implements AutoCloseable {

    public static final int SHARED_MEMORY_SIZE = 8192;
    public static final Gucs GUCS = new Gucs(16, 4);

    private static ChildJvm childJvm;

    private final Path dataDirectory;
    private final ChildLauncher launcher;
    private final List<Process> rawChildren = new ArrayList<>();

    private LauncherFixture(Path dataDirectory, ChildLauncher launcher) {
        this.dataDirectory = dataDirectory;
        this.launcher = launcher;
    }

    public static LauncherFixture start(Path dataDirectory) throws Exception {
        return start(dataDirectory, "");
    }

    public static LauncherFixture start(Path dataDirectory, String libraryPath) throws Exception {
        Path sharedMemory = dataDirectory.resolve("shmem");
        if (!Files.exists(sharedMemory)) {
            Files.write(sharedMemory, new byte[SHARED_MEMORY_SIZE]);
        }
        ChildLauncher launcher = ChildLauncher.start(
                new LauncherConfig(dataDirectory, sharedMemory, libraryPath, GUCS, childJvm()));
        return new LauncherFixture(dataDirectory, launcher);
    }

    /** The launcher jar's child JVM, probed once per test JVM. */
    public static synchronized ChildJvm childJvm() throws Exception {
        if (childJvm == null) {
            childJvm = ChildJvm.forLauncherJar();
        }
        return childJvm;
    }

    public ChildLauncher launcher() {
        return launcher;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** A valid parameter file's bytes for this postmaster. */
    public byte[] encode(ChildKind kind, byte[] startupData) {
        return BackendParametersCodec.encode(new BackendParameters(kind, launcher.globals(), null, startupData));
    }

    /** Writes bytes as a parameter file the way the parent does (exclusive, 0600). */
    public Path write(byte[] contents) throws IOException {
        return launcher.tempDir().createParameterFile(contents);
    }

    /** Starts SubPostmasterMain with these exact arguments; nobody but the child touches its file. */
    public ChildPipes spawnRaw(String... args) throws Exception {
        Process process = childJvm().command(ChildJvm.SUB_POSTMASTER_MAIN, args).start();
        rawChildren.add(process);
        return new ChildPipes(process);
    }

    /** Starts a child on a parameter file exactly as the launcher would, but without the launcher. */
    public ChildPipes spawnRaw(ChildKind kind, Path file) throws Exception {
        return spawnRaw("--forkchild=" + kind.childName(), file.toString());
    }

    /** Asserts a refusal: {@link #assertFatal}, and the child never reported ready. */
    public static void assertRefused(ChildExit exit, String name, String fragment) {
        assertFatal(exit, name, fragment);
        assertEquals(null, exit.report("ready"), "a refused child never reports ready");
    }

    /** Asserts exit status 1 and a single {@code <name>[<pid>]: FATAL: ...} line containing the fragment. */
    public static void assertFatal(ChildExit exit, String name, String fragment) {
        assertEquals(1, exit.status(), "exit status; stderr: " + exit.stderr());
        String stderr = exit.stderr();
        assertTrue(stderr.endsWith("\n") && stderr.indexOf('\n') == stderr.length() - 1,
                "exactly one line on stderr: " + stderr);
        String line = stderr.strip();
        assertTrue(Pattern.matches(Pattern.quote(name) + "\\[\\d+]: FATAL: .*", line), line);
        assertTrue(line.contains(fragment), "expected \"" + fragment + "\" in: " + line);
    }

    /** The parameter files still in the temp directory. */
    public List<Path> leftoverFiles() throws IOException {
        try (var entries = Files.list(launcher.tempDir().directory())) {
            return entries.toList();
        }
    }

    @Override
    public void close() throws Exception {
        for (Process process : rawChildren) {
            process.destroyForcibly().waitFor();
        }
        launcher.close();
    }
}
