package org.bgwcheck.launcher.cds;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.bgwcheck.launcher.bench.BareChildMain;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerCodec;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.bgworker.BgWorkerFunctionLookup;
import org.bgwcheck.launcher.bgworker.InternalBgWorkers;
import org.bgwcheck.launcher.shm.SharedMemorySegment;
import org.bgwcheck.launcher.child.SubPostmasterMain;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.param.BackendParameters;
import org.bgwcheck.launcher.param.BackendParametersCodec;
import org.bgwcheck.launcher.param.ClientSocket;
import org.bgwcheck.launcher.param.Gucs;
import org.bgwcheck.launcher.param.PostmasterGlobals;
import org.bgwcheck.launcher.param.PrivateTempDir;

/**
 * The training run from which the build records the class list of the child's AppCDS archive
 * ({@code -XX:DumpLoadedClassList}, then {@code -Xshare:dump}): it walks the real child path in this JVM, for every kind,
 * with and without a client socket, and through a refusal, so that every class a child loads
 * before it reports ready is in the archive. It also loads the benchmark's bare main, so that the
 * baseline gets the same archive.
 */
public final class CdsTrainingRun {

    private CdsTrainingRun() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDirectory = Files.createTempDirectory("bgwcheck-cds-training");
        try {
            train(dataDirectory);
        } finally {
            try (Stream<Path> paths = Files.walk(dataDirectory)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void train(Path dataDirectory) throws IOException, ClassNotFoundException {
        long pid = ProcessHandle.current().pid();
        Gucs gucs = Gucs.defaults();
        Path sharedMemory = dataDirectory.resolve("shmem");
        // The real layout, so that a backend session can attach and work in it.
        SharedMemorySegment.create(sharedMemory, gucs.maxWorkerProcesses(), pid).slots()
                .setTotalSlots(gucs.maxWorkerProcesses());
        PrivateTempDir tempDir = PrivateTempDir.open(dataDirectory, pid);
        tempDir.sweep();
        PostmasterGlobals globals = new PostmasterGlobals(pid, dataDirectory, sharedMemory, "", gucs);
        ClientSocket client = new ClientSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5432),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000));
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());

        for (ChildKind kind : ChildKind.values()) {
            byte[] startupData = kind == ChildKind.BGWORKER
                    ? BackgroundWorkerCodec.encode(BackgroundWorker.named("cds training")
                            .withEntryPoint(BgWorkerFunctionLookup.INTERNAL_LIBRARY, InternalBgWorkers.NOOP))
                    : new byte[4];
            expect(0, runChild(tempDir, sink, new BackendParameters(kind, globals, null, startupData)));
        }
        // A backend session's path up to its first wait: attach, lock, register, PMSignal, status, terminate.
        byte[] session = SessionScript.builder().register(WorkerSpec.parallel("p")).register(WorkerSpec.dynamic("d"))
                .status("p").terminate("p").terminate("d").build().encode();
        expect(0, runChild(tempDir, sink, new BackendParameters(ChildKind.BACKEND, globals, null, session)));
        expect(0, runChild(tempDir, sink, new BackendParameters(ChildKind.BACKEND, globals, client, new byte[4])));

        Path corrupt = tempDir.createParameterFile(new byte[32]);
        expect(1, SubPostmasterMain.run(new String[] {"--forkchild=backend", corrupt.toString()}, sink, sink));

        Class.forName(BareChildMain.class.getName());
    }

    private static int runChild(PrivateTempDir tempDir, PrintStream sink, BackendParameters parameters)
            throws IOException {
        Path file = tempDir.createParameterFile(BackendParametersCodec.encode(parameters));
        return SubPostmasterMain.run(new String[] {"--forkchild=" + parameters.kind().childName(), file.toString()},
                sink, sink);
    }

    private static void expect(int expected, int status) {
        if (status != expected) {
            throw new IllegalStateException("training child exited with " + status + ", expected " + expected);
        }
    }
}
