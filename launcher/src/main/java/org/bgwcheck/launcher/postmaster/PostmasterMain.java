package org.bgwcheck.launcher.postmaster;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bgwcheck.launcher.ChildLauncher;
import org.bgwcheck.launcher.LauncherConfig;
import org.bgwcheck.launcher.exec.ChildJvm;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.report.ReportText;
import org.bgwcheck.launcher.shm.SharedMemorySegment;

/**
 * The postmaster process ({@code PostmasterMain}): create shared memory, start the child
 * launcher (which sweeps stale parameter files before anything is launched), run the main loop
 * until shutdown, remove shared memory. Options: {@link PostmasterOptions}; controller protocol:
 * see the launcher README ("Phase 2").
 *
 * <p>Exit status 0 after a clean shutdown, 1 if it could not start (one {@code pm_fatal} report
 * line and one FATAL line on stderr).
 */
public final class PostmasterMain {

    private PostmasterMain() {
    }

    public static void main(String[] args) {
        long pid = ProcessHandle.current().pid();
        PostmasterOutput out = new PostmasterOutput(System.out, System.err, pid);
        PostmasterOptions options;
        SharedMemorySegment shm;
        ChildLauncher launcher;
        try {
            options = PostmasterOptions.parse(args);
            Files.createDirectories(options.dataDirectory());
            shm = createSharedMemory(options, pid);
            launcher = ChildLauncher.start(new LauncherConfig(options.dataDirectory(), options.sharedMemory(),
                    options.libraryPath(), options.gucs(), childJvm(options.cdsArchive())));
        } catch (Exception e) {
            fatal(out, pid, e);
            return;
        }
        int status;
        try {
            status = new PostmasterLoop(options, shm, launcher, out).run(System.in);
        } catch (Throwable t) {
            // The postmaster itself failed: take every child down with it, like a postmaster crash.
            System.err.println("postmaster[" + pid + "]: PANIC: " + t);
            t.printStackTrace();
            status = 3;
        } finally {
            try {
                launcher.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Files.deleteIfExists(options.sharedMemory());
            } catch (IOException e) {
                System.err.println("postmaster[" + pid + "]: WARNING: could not remove shared memory \""
                        + options.sharedMemory() + "\": " + e);
            }
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    private static SharedMemorySegment createSharedMemory(PostmasterOptions options, long pid) throws IOException {
        Path file = options.sharedMemory();
        try {
            return SharedMemorySegment.create(file, options.gucs().maxWorkerProcesses(), pid);
        } catch (FileAlreadyExistsException e) {
            // A segment left by a postmaster that died: PGSharedMemoryIsInUse, reduced to "is its owner alive?"
            long owner;
            try {
                owner = SharedMemorySegment.observe(file, 0).ownerPid();
            } catch (IOException | RuntimeException unreadable) {
                throw new IOException("shared memory file \"" + file + "\" already exists and is not a bgwcheck segment");
            }
            if (owner != pid && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IOException("shared memory file \"" + file + "\" is in use by postmaster " + owner);
            }
            Files.delete(file);
            return SharedMemorySegment.create(file, options.gucs().maxWorkerProcesses(), pid);
        }
    }

    private static ChildJvm childJvm(String cdsArchive) throws IOException, InterruptedException {
        return switch (cdsArchive) {
            case "probe" -> ChildJvm.forLauncherJar();
            case "none" -> ChildJvm.probed(ChildJvm.currentJava(), ChildJvm.currentJar(), null);
            default -> ChildJvm.probed(ChildJvm.currentJava(), ChildJvm.currentJar(), Path.of(cdsArchive));
        };
    }

    private static void fatal(PostmasterOutput out, long pid, Exception e) {
        String reason = e instanceof IllegalArgumentException || e instanceof IOException ? e.getMessage() : e.toString();
        out.report(ReportLine.of("pm_fatal").with("text", ReportText.encode(reason)));
        System.err.println("postmaster[" + pid + "]: FATAL: " + reason);
        System.err.flush();
        System.exit(1);
    }
}
