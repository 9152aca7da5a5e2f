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
import org.bgwcheck.launcher.bgworker.BgWorkerEntry;
import org.bgwcheck.launcher.bgworker.BgWorkerEntryCodec;
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
        Path sharedMemory = Files.write(dataDirectory.resolve("shmem"), new byte[8192]);
        long pid = ProcessHandle.current().pid();
        PrivateTempDir tempDir = PrivateTempDir.open(dataDirectory, pid);
        tempDir.sweep();
        PostmasterGlobals globals = new PostmasterGlobals(pid, dataDirectory, sharedMemory, "", Gucs.defaults());
        ClientSocket client = new ClientSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5432),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000));
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());

        for (ChildKind kind : ChildKind.values()) {
            byte[] startupData = kind == ChildKind.BGWORKER
                    ? BgWorkerEntryCodec.encode(new BgWorkerEntry("cds training", BgWorkerEntry.INTERNAL_LIBRARY,
                            "NoopWorkerMain", 0))
                    : new byte[4];
            expect(0, runChild(tempDir, sink, new BackendParameters(kind, globals, null, startupData)));
        }
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
