package org.bgwcheck.launcher;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.bgwcheck.launcher.exec.ChildJvm;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.param.BackendParameters;
import org.bgwcheck.launcher.param.BackendParametersCodec;
import org.bgwcheck.launcher.param.ClientSocket;
import org.bgwcheck.launcher.param.IoErrors;
import org.bgwcheck.launcher.param.PostmasterGlobals;
import org.bgwcheck.launcher.param.PrivateTempDir;

/**
 * The postmaster's child launching: {@link #launchChild} is {@code postmaster_child_launch} in
 * exec mode ({@code internal_forkexec}). The parent saves its globals and the startup data into a
 * fresh private parameter file and starts {@code java ... SubPostmasterMain --forkchild=<kind>
 * <file>}; the child takes it from there.
 *
 * <p>A launcher exists only after {@link #start}, which prepares the temp directory and sweeps
 * stale parameter files: by construction no child is launched before the sweep. Launching is
 * thread-safe (the real postmaster is single-threaded; the benchmark is not).
 */
public final class ChildLauncher implements AutoCloseable {

    private final PostmasterGlobals globals;
    private final PrivateTempDir tempDir;
    private final ChildJvm childJvm;
    private final int sweptAtStart;
    /**
     * Fault injection: where an injected launch failure sends {@code ProcessBuilder.start()}. The
     * JDK then fails exactly as for a real missing executable, and the launch takes its real
     * error path (the parameter file is removed, {@link ChildLaunchException}).
     */
    public static final String INJECTED_FAILURE_EXECUTABLE = "/nonexistent/bgwcheck-injected-launch-failure";

    private final Set<LaunchedChild> liveChildren = ConcurrentHashMap.newKeySet();
    private final Map<ChildKind, AtomicInteger> injectedStartFailures = new EnumMap<>(ChildKind.class);

    private ChildLauncher(PostmasterGlobals globals, PrivateTempDir tempDir, ChildJvm childJvm, int sweptAtStart) {
        this.globals = globals;
        this.tempDir = tempDir;
        this.childJvm = childJvm;
        this.sweptAtStart = sweptAtStart;
        for (ChildKind kind : ChildKind.values()) {
            injectedStartFailures.put(kind, new AtomicInteger());
        }
    }

    /**
     * Postmaster start, as far as launching is concerned: make sure the private temp directory
     * exists, then remove stale parameter files ({@code RemovePgTempFiles}).
     */
    public static ChildLauncher start(LauncherConfig config) throws IOException {
        long postmasterPid = ProcessHandle.current().pid();
        PostmasterGlobals globals = new PostmasterGlobals(postmasterPid, config.dataDirectory().toAbsolutePath(),
                config.sharedMemoryFile().toAbsolutePath(), config.libraryPath(), config.gucs());
        PrivateTempDir tempDir = PrivateTempDir.open(config.dataDirectory(), postmasterPid);
        int swept = tempDir.sweep();
        return new ChildLauncher(globals, tempDir, config.childJvm(), swept);
    }

    /**
     * Starts a child of this kind with this startup data: {@code postmaster_child_launch}.
     *
     * @param startupData  the kind-specific blob, possibly empty
     * @param clientSocket the connection for a backend, or {@code null}; only its addresses travel
     * @throws ChildLaunchException if the parameter file cannot be written or the process cannot
     *                              be started; nothing is left behind
     */
    public LaunchedChild launchChild(ChildKind kind, byte[] startupData, ClientSocket clientSocket)
            throws ChildLaunchException {
        byte[] contents;
        try {
            contents = BackendParametersCodec.encode(new BackendParameters(kind, globals, clientSocket, startupData));
        } catch (IllegalArgumentException e) {
            throw new ChildLaunchException("could not launch " + kind.childName() + ": " + e.getMessage(), e);
        }
        Path file;
        try {
            file = tempDir.createParameterFile(contents);
        } catch (IOException e) {
            throw new ChildLaunchException("could not launch " + kind.childName() + ": could not create parameter file: "
                    + describe(e), e);
        }
        ProcessBuilder command = childJvm.forkChild(kind, file);
        if (injectedStartFailures.get(kind).getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            command = new ProcessBuilder(INJECTED_FAILURE_EXECUTABLE);
        }
        Process process;
        try {
            process = command.start();
        } catch (IOException e) {
            deleteLeftover(file);
            throw new ChildLaunchException("could not launch " + kind.childName() + ": could not start \""
                    + command.command().get(0) + "\": " + IoErrors.reason(e), e);
        }
        LaunchedChild child = new LaunchedChild(kind, file, process);
        liveChildren.add(child);
        process.onExit().thenRun(() -> {
            liveChildren.remove(child);
            // A child that died before reading its file (its JVM failed to start) leaves it behind.
            deleteLeftover(file);
        });
        return child;
    }

    /**
     * Fault injection for C3: the next {@code n} launches of this kind fail when the process is
     * started (as {@code fork} failing would), after the parameter file was written.
     */
    public void failNextStarts(ChildKind kind, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot inject " + n + " failures");
        }
        injectedStartFailures.get(kind).addAndGet(n);
    }

    /** Injected start failures of this kind not yet used up. */
    public int pendingInjectedFailures(ChildKind kind) {
        return injectedStartFailures.get(kind).get();
    }

    public PostmasterGlobals globals() {
        return globals;
    }

    public PrivateTempDir tempDir() {
        return tempDir;
    }

    public ChildJvm childJvm() {
        return childJvm;
    }

    /** How many stale parameter files {@link #start} removed. */
    public int sweptAtStart() {
        return sweptAtStart;
    }

    /**
     * Immediate shutdown: kills every child still running and waits for it. Phase 2's postmaster
     * replaces this with the signal-based shutdown sequence.
     */
    @Override
    public void close() throws InterruptedException {
        for (LaunchedChild child : liveChildren) {
            child.process().destroyForcibly();
        }
        for (LaunchedChild child : liveChildren) {
            child.process().waitFor();
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileAlreadyExistsException) {
            return "\"" + ((FileAlreadyExistsException) e).getFile() + "\" already exists; refusing to reuse or follow it";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getFile() != null) {
            return "\"" + ((FileSystemException) e).getFile() + "\": " + IoErrors.reason(e);
        }
        return IoErrors.reason(e);
    }

    private static void deleteLeftover(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The sweep at the next postmaster start removes it.
        }
    }
}
