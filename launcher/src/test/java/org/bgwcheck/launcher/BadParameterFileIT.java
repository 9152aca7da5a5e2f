package org.bgwcheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.param.BackendParameters;
import org.bgwcheck.launcher.param.BackendParametersCodec;
import org.bgwcheck.launcher.param.PostmasterGlobals;
import org.bgwcheck.launcher.support.LauncherFixture;
import org.bgwcheck.launcher.support.ParameterFileBytes;
import org.bgwcheck.launcher.support.TestProfile;
import org.bgwcheck.launcher.support.PropertyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input with real child processes: every damaged, foreign or missing parameter file makes the
 * child exit 1 with one clear line on stderr, leaves no file behind, and does not disturb the
 * parent, which launches a good child afterwards.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BadParameterFileIT {

    private static final int BATCH = 4;

    @TempDir
    Path data;

    private record Case(String description, String[] args, Path file, String name, String fragment) {
    }

    @Test
    @PropertyCheck(property = "C1", check = "a damaged or foreign parameter file is refused, never misread",
            observed = "every bad file (truncated, extended, wrong magic/version/checksum/kind/data directory, garbage) was refused with one FATAL line and removed; a good child launched afterwards")
    void everyBadParameterFileIsRefusedAndLeavesNothingBehind() throws Exception {
        Random random = TestProfile.random("everyBadParameterFileIsRefusedAndLeavesNothingBehind");
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            byte[] good = postmaster.encode(ChildKind.BACKEND, "cac state".getBytes(StandardCharsets.US_ASCII));
            byte[] garbage = new byte[100];
            random.nextBytes(garbage);
            byte[] flippedStartup = good.clone();
            flippedStartup[good.length - 6] ^= 0x01;
            byte[] badChecksum = good.clone();
            badChecksum[good.length - 1] ^= (byte) 0x80;
            PostmasterGlobals elsewhere = new PostmasterGlobals(postmaster.launcher().globals().postmasterPid(),
                    data.resolve("another-cluster"), postmaster.launcher().globals().sharedMemoryFile(), "",
                    LauncherFixture.GUCS);

            List<Case> cases = new ArrayList<>();
            cases.add(file(postmaster, "empty", new byte[0], "shorter than the smallest possible parameter file"));
            cases.add(file(postmaster, "truncated", Arrays.copyOf(good, good.length / 2), "(truncated)"));
            cases.add(file(postmaster, "one byte short", Arrays.copyOf(good, good.length - 1), "(truncated)"));
            cases.add(file(postmaster, "extended", Arrays.copyOf(good, good.length + 1), "(trailing bytes)"));
            cases.add(file(postmaster, "wrong magic", ParameterFileBytes.withBytes(good, 0,
                    "XXXXXXXX".getBytes(StandardCharsets.US_ASCII)), "bad magic: expected \"BGWPARAM\", found \"XXXXXXXX\""));
            cases.add(file(postmaster, "wrong version", ParameterFileBytes.withInt(good, ParameterFileBytes.VERSION_OFFSET, 2),
                    "format version 2, but this child reads version 1"));
            cases.add(file(postmaster, "bad checksum", badChecksum, "checksum mismatch"));
            cases.add(file(postmaster, "flipped startup byte", flippedStartup, "checksum mismatch"));
            cases.add(file(postmaster, "garbage", garbage, "invalid parameter file"));
            Path forBgworker = postmaster.write(postmaster.encode(ChildKind.BGWORKER, new byte[0]));
            cases.add(new Case("kind mismatch", new String[] {"--forkchild=backend", forBgworker.toString()}, forBgworker,
                    "backend", "was written for kind \"bgworker\", but this child was started as \"backend\""));
            cases.add(file(postmaster, "another data directory", BackendParametersCodec.encode(
                    new BackendParameters(ChildKind.BACKEND, elsewhere, null, new byte[0])), "of its postmaster"));
            Path missing = postmaster.launcher().tempDir().parameterFilePath(Long.MAX_VALUE);
            cases.add(new Case("missing", new String[] {"--forkchild=backend", missing.toString()}, missing, "backend",
                    "could not open parameter file \"" + missing + "\": no such file"));
            Path forUnknownKind = postmaster.write(good);
            cases.add(new Case("unknown kind", new String[] {"--forkchild=postmaster", forUnknownKind.toString()}, forUnknownKind,
                    "child", "unknown child kind \"postmaster\""));
            cases.add(new Case("no file argument", new String[] {"--forkchild=backend"}, null, "child",
                    "invalid invocation: expected --forkchild=<kind> <parameter file>, got 1 arguments"));

            for (int from = 0; from < cases.size(); from += BATCH) {
                List<Case> batch = cases.subList(from, Math.min(from + BATCH, cases.size()));
                List<ChildPipes> children = new ArrayList<>();
                for (Case c : batch) {
                    children.add(postmaster.spawnRaw(c.args()));
                }
                for (int i = 0; i < batch.size(); i++) {
                    Case c = batch.get(i);
                    ChildExit exit = children.get(i).awaitExit();
                    System.out.println(c.description() + ": " + exit.stderr().strip());
                    LauncherFixture.assertRefused(exit, c.name(), c.fragment());
                    if (c.file() != null) {
                        assertFalse(Files.exists(c.file(), LinkOption.NOFOLLOW_LINKS), c.description() + ": file left behind");
                    }
                }
            }
            assertEquals(List.of(), postmaster.leftoverFiles());

            LaunchedChild after = postmaster.launcher().launchChild(ChildKind.BACKEND, new byte[4], null);
            after.awaitReady();
            assertEquals(0, after.awaitExit().status());
            assertEquals(List.of(), postmaster.leftoverFiles());
        }
    }

    private static Case file(LauncherFixture postmaster, String description, byte[] contents, String fragment)
            throws Exception {
        Path file = postmaster.write(contents);
        return new Case(description, new String[] {"--forkchild=backend", file.toString()}, file, "backend", fragment);
    }
}
