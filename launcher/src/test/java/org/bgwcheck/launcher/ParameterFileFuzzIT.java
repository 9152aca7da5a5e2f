package org.bgwcheck.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.cluster.LiveCluster;
import org.bgwcheck.launcher.cluster.LiveCluster.Backend;
import org.bgwcheck.launcher.cluster.LiveCluster.CheckResult;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.param.BackendParameters;
import org.bgwcheck.launcher.param.BackendParametersCodec;
import org.bgwcheck.launcher.param.Gucs;
import org.bgwcheck.launcher.param.PostmasterGlobals;
import org.bgwcheck.launcher.param.PrivateTempDir;
import org.bgwcheck.launcher.support.JqwikBudget;
import org.bgwcheck.launcher.support.LauncherFixture;
import org.bgwcheck.launcher.support.ParameterFileBytes;
import org.bgwcheck.launcher.support.PropertyCheck;

/**
 * Bad input to the child side, jqwik-driven, with real child processes beside a running
 * postmaster: a good parameter file for that postmaster is corrupted (bytes flipped), truncated,
 * extended, has two regions swapped, has its header or kind name changed behind a recomputed
 * checksum, is handed to a child of another kind, names another data directory, is replaced by a
 * symbolic link, or is made readable by others. Each time a real child JVM is started on it as
 * the postmaster would ({@code --forkchild=backend <file>}) and must exit 1 with one
 * {@code backend[pid]: FATAL: ...} line that says why, never report ready, and leave no file
 * behind (a link's target is untouched). Every few tries, and at the end, the postmaster must
 * carry on: it answers, a backend registers, starts, terminates and stops a worker, and its
 * invariants hold.
 *
 * <p>Complements {@code BadParameterFileIT} (one hand-picked file per kind of damage, with the
 * exact message) and {@code BackendParametersCodecTest} (in-process, every truncation and byte).
 * The number of real child JVMs is bounded: one per try (quick 24, deep 400), plus two per
 * "carries on" check.
 */
class ParameterFileFuzzIT {

    private static final Gucs GUCS = new Gucs(4, 2);
    /** Every this many tries, the postmaster's health is checked with a real backend and worker. */
    private static final int HEALTH_EVERY = 12;

    private static Path data;
    private static LiveCluster cluster;
    private static PostmasterGlobals globals;
    private static PrivateTempDir tempDir;
    private static final AtomicInteger TRIES = new AtomicInteger();

    /** What a mutation does to a good file; {@link #prepare} writes it where the child will look. */
    sealed interface Mutation permits Flip, Truncate, Extend, SwapRegions, ResignedHeader, OtherKind, ForeignDataDirectory,
            SymbolicLink, ReadableByOthers {
        /** The file to hand to the child and the fragment its FATAL line must hold. */
        Prepared prepare(byte[] good) throws Exception;
    }

    record Prepared(Path file, String fragment, Path decoy, byte[] decoyContents) {
        Prepared(Path file, String fragment) {
            this(file, fragment, null, null);
        }
    }

    /** Bytes XORed at positions (position modulo the length); the checksum no longer matches. */
    record Flip(List<Integer> positions, List<Integer> masks) implements Mutation {
        @Override
        public Prepared prepare(byte[] good) throws Exception {
            byte[] bad = good.clone();
            for (int i = 0; i < positions.size(); i++) {
                bad[Math.floorMod(positions.get(i), bad.length)] ^= (byte) (int) masks.get(i);
            }
            return new Prepared(write(bad), "invalid parameter file");
        }
    }

    record Truncate(int keep) implements Mutation {
        @Override
        public Prepared prepare(byte[] good) throws Exception {
            return new Prepared(write(Arrays.copyOf(good, Math.floorMod(keep, good.length))), "invalid parameter file");
        }
    }

    record Extend(byte[] tail) implements Mutation {
        @Override
        public Prepared prepare(byte[] good) throws Exception {
            byte[] longer = Arrays.copyOf(good, good.length + tail.length);
            System.arraycopy(tail, 0, longer, good.length, tail.length);
            return new Prepared(write(longer), "invalid parameter file");
        }

        @Override
        public String toString() {
            return "Extend[" + tail.length + " bytes]";
        }
    }

    /** Two non-overlapping regions of the same length exchanged (the content of the file shuffled). */
    record SwapRegions(int a, int b, int length) implements Mutation {
        @Override
        public Prepared prepare(byte[] good) throws Exception {
            int len = Math.min(length, good.length / 2);
            int first = Math.floorMod(a, good.length / 2 - len + 1);
            int second = good.length / 2 + Math.floorMod(b, good.length - good.length / 2 - len + 1);
            byte[] bad = good.clone();
            System.arraycopy(good, first, bad, second, len);
            System.arraycopy(good, second, bad, first, len);
            // Identical regions would leave the file valid: not a mutation, so flip one byte too.
            if (Arrays.equals(bad, good)) {
                bad[first] ^= 0x55;
            }
            return new Prepared(write(bad), "invalid parameter file");
        }
    }

    /**
     * A byte of the header (magic, version, globals and startup lengths) or of the kind name changed,
     * and the checksum recomputed: the checks behind the checksum must refuse it.
     */
    record ResignedHeader(int position, int mask) implements Mutation {
        @Override
        public Prepared prepare(byte[] good) throws Exception {
            int kindName = BackendParametersCodec.HEADER_SIZE + 2; // after the kind name's uint16 length
            int span = BackendParametersCodec.HEADER_SIZE + ChildKind.BACKEND.childName().length();
            int p = Math.floorMod(position, span);
            int at = p < BackendParametersCodec.HEADER_SIZE ? p : kindName + (p - BackendParametersCodec.HEADER_SIZE);
            return new Prepared(write(ParameterFileBytes.withByte(good, at, (good[at] ^ (mask == 0 ? 1 : mask)) & 0xff)), "");
        }
    }

    /** A good file written for another kind, handed to a backend. */
    record OtherKind(ChildKind kind) implements Mutation {
        @Override
        public Prepared prepare(byte[] good) throws Exception {
            byte[] other = BackendParametersCodec.encode(new BackendParameters(kind, globals, null, new byte[7]));
            return new Prepared(write(other), "was written for kind \"" + kind.childName() + "\"");
        }
    }

    record ForeignDataDirectory(String name) implements Mutation {
        @Override
        public Prepared prepare(byte[] good) throws Exception {
            PostmasterGlobals foreign = new PostmasterGlobals(globals.postmasterPid(), data.resolve(name),
                    globals.sharedMemoryFile(), globals.libraryPath(), globals.gucs());
            byte[] file = BackendParametersCodec.encode(new BackendParameters(ChildKind.BACKEND, foreign, null, new byte[3]));
            return new Prepared(write(file), "is not in the temp directory");
        }
    }

    /** The parameter file replaced by a link to a good file elsewhere: refused, the link's target untouched. */
    record SymbolicLink(int n) implements Mutation {
        @Override
        public Prepared prepare(byte[] good) throws Exception {
            Path file = write(good);
            Path decoy = data.resolve("decoy-" + TRIES.get() + "-" + n);
            Files.write(decoy, good);
            Files.setPosixFilePermissions(decoy, PosixFilePermissions.fromString("rw-------"));
            Files.delete(file);
            Files.createSymbolicLink(file, decoy);
            return new Prepared(file, "is a symbolic link; refusing it", decoy, good);
        }
    }

    record ReadableByOthers(String mode) implements Mutation {
        @Override
        public Prepared prepare(byte[] good) throws Exception {
            Path file = write(good);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            return new Prepared(file, "is accessible by group or others");
        }
    }

    @BeforeContainer
    static void startPostmaster() throws Exception {
        data = Files.createTempDirectory("bgwcheck-fuzz");
        cluster = LiveCluster.start(LiveCluster.Options.in(data).slots(GUCS.maxWorkerProcesses(), GUCS.maxParallelWorkers()));
        globals = new PostmasterGlobals(cluster.postmasterPid(), data.toAbsolutePath(), cluster.sharedMemoryFile(), "", GUCS);
        // Our own names in the postmaster's directory: this JVM's pid, never the postmaster's, so
        // that no name can collide with a file the postmaster writes.
        tempDir = PrivateTempDir.open(data, ProcessHandle.current().pid());
    }

    @AfterContainer
    static void stopPostmaster() throws Exception {
        try {
            if (cluster != null) {
                assertHealthy();
                cluster.shutdown(ShutdownMode.FAST);
                assertEquals(0, cluster.postmasterExitStatus(), "the postmaster's exit status");
                assertEquals(List.of(), parameterFiles(), "parameter files left behind");
            }
        } finally {
            if (cluster != null) {
                cluster.close();
                String logs = System.getProperty("bgwcheck.it.logs");
                if (logs != null && !logs.isEmpty()) {
                    cluster.writeTimeline(Path.of(logs, "c1-parameter-file-fuzz.log"));
                }
            }
            try (Stream<Path> paths = Files.walk(data)) {
                for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    @JqwikBudget(quickTries = 24, deepTries = 400)
    @PropertyCheck(property = "C1", check = "jqwik-mutated parameter files handed to real children beside a running postmaster"
            + " are refused",
            observed = "every corrupted, truncated, extended, swapped, re-signed, foreign-kind, foreign-directory, linked or"
                    + " group/other-readable file made its child exit 1 with one FATAL line and left no file behind; the"
                    + " postmaster carried on")
    void everyMutatedParameterFileIsRefusedAndThePostmasterCarriesOn(@ForAll("mutations") Mutation mutation,
                                                                    @ForAll("startupData") byte[] startup) throws Exception {
        int n = TRIES.incrementAndGet();
        byte[] good = BackendParametersCodec.encode(new BackendParameters(ChildKind.BACKEND, globals, null, startup));
        Prepared prepared = mutation.prepare(good);
        ChildExit exit = new ChildPipes(LiveCluster.childJvm().forkChild(ChildKind.BACKEND, prepared.file()).start())
                .awaitExit();
        LauncherFixture.assertRefused(exit, "backend", prepared.fragment());
        assertTrue(exit.stderr().contains(prepared.file().toString()) || prepared.fragment().isEmpty()
                || exit.stderr().contains("invalid parameter file"), "the message names the file: " + exit.stderr());
        assertFalse(Files.exists(prepared.file(), LinkOption.NOFOLLOW_LINKS), "file left behind: " + prepared.file());
        if (prepared.decoy() != null) {
            assertArrayEquals(prepared.decoyContents(), Files.readAllBytes(prepared.decoy()), "the link's target was changed");
            Files.delete(prepared.decoy());
        }
        assertTrue(cluster.events(l -> l.tag().equals("postmaster_exited")).isEmpty(), "the postmaster exited");
        if (n % HEALTH_EVERY == 0) {
            assertHealthy();
        }
    }

    @Provide
    Arbitrary<byte[]> startupData() {
        // Not a session script (a backend given one would join the cluster): phase 1's opaque blob.
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(600)
                .filter(b -> !SessionScript.isScript(b));
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> anywhere = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> mask = Arbitraries.integers().between(1, 255);
        return Arbitraries.oneOf(
                Combinators.combine(anywhere.list().ofMinSize(1).ofMaxSize(8), mask.list().ofSize(8))
                        .as((p, m) -> (Mutation) new Flip(p, m)),
                anywhere.map(Truncate::new),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(Extend::new),
                Combinators.combine(anywhere, anywhere, Arbitraries.integers().between(1, 32)).as(SwapRegions::new),
                Combinators.combine(anywhere, mask).as(ResignedHeader::new),
                Arbitraries.of(ChildKind.BGWORKER, ChildKind.CHECKPOINTER, ChildKind.SYSLOGGER).map(OtherKind::new),
                Arbitraries.of("another-cluster", "pgsql_tmp", "../elsewhere").map(ForeignDataDirectory::new),
                Arbitraries.integers().between(0, 1000).map(SymbolicLink::new),
                Arbitraries.of("rw-r-----", "rw----r--", "rw-r--r--", "rw-rw----", "rw-rw-rw-", "rw----rw-")
                        .map(ReadableByOthers::new));
    }

    /** The postmaster carries on: it answers, runs a backend and a worker, and its invariants hold. */
    private static void assertHealthy() throws Exception {
        assertEquals("RUN", cluster.status().get("state"));
        String label = "healthy-" + TRIES.get();
        Backend b = cluster.startBackend(SessionScript.builder().register(WorkerSpec.dynamic(label)).waitStartup(label)
                .terminate(label).waitShutdown(label).build());
        assertEquals("STARTED", b.await("startup", label).get("result"));
        assertEquals("STOPPED", b.await("shutdown", label).get("result"));
        assertEquals(0, b.awaitExit());
        CheckResult check = cluster.check();
        assertTrue(check.ok(), check.toString());
        assertEquals(List.of(), parameterFiles(), "parameter files left behind");
    }

    private static Path write(byte[] contents) throws Exception {
        return tempDir.createParameterFile(contents);
    }

    private static List<Path> parameterFiles() throws Exception {
        try (Stream<Path> entries = Files.list(data.resolve(PrivateTempDir.DIRECTORY_NAME))) {
            return entries.toList();
        }
    }
}
