package org.bgwcheck.stress.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanTest {
    private static final Path NO_JDK = Path.of("/nonexistent");
    private static final List<StressTest> ALL = StressTest.matching("^org\\.bgwcheck\\.stress\\.");
    private static final Set<SlotMemoryKind> BOTH = EnumSet.allOf(SlotMemoryKind.class);

    /** The fixed protocol's tests at the ordering sites: a publish and a scan's read, and the two releases. */
    private static final List<String> GUARDED = List.of("ForgetVersusRegister.Fixed", "RegisterVersusScan.Fixed",
            "ScanReleaseVersusRegister.Fixed");

    @Test
    void quickRunsEveryTestOnObjectFieldsTheOrderingSitesFixedAndScanReleaseFaultsInQuickModeAndTheFixedOnTheBuffer() {
        List<StressRun> runs = Plan.QUICK.runs(ALL, 1, Settings.CI, Plan.FaultHunt.QUICK, Jdk.current(), NO_JDK, BOTH);
        assertEquals(3, runs.size());
        assertEquals(SlotMemoryKind.OBJECT_FIELDS, runs.get(0).backing());
        assertEquals(Settings.CI, runs.get(0).settings());
        assertEquals(SlotMemoryKind.OBJECT_FIELDS, runs.get(1).backing());
        assertEquals(Settings.QUICK, runs.get(1).settings());
        List<String> quickMode = new ArrayList<>(GUARDED);
        quickMode.addAll(List.of("ScanReleaseVersusRegister.NoTerminateReleaseBarrier",
                "ScanReleaseVersusRegister.PidStoreAfterBarrier", "ScanReleaseVersusRegister.SeedAsWritten"));
        assertEquals(quickMode.stream().sorted().toList(),
                runs.get(1).tests().stream().map(StressTest::shortName).sorted().toList());
        List<StressTest> onFields = new ArrayList<>(runs.get(0).tests());
        onFields.addAll(runs.get(1).tests());
        assertEquals(ALL.size(), onFields.size(), "every test once on the object fields");
        assertTrue(onFields.containsAll(ALL));
        assertEquals(SlotMemoryKind.DIRECT_BUFFER, runs.get(2).backing());
        assertEquals(Settings.CI, runs.get(2).settings());
        assertEquals(6, runs.get(2).tests().size(), "one fixed test per scenario");
        assertTrue(runs.get(2).tests().stream().allMatch(t -> t.variant().isFixed()));
    }

    @Test
    void withTheFaultHuntInTheDeepProfileTheQuickModeRunIsTheFixedProtocolsAlone() {
        List<StressRun> runs = Plan.QUICK.runs(ALL, 1, Settings.CI, Plan.FaultHunt.DEEP, Jdk.current(), NO_JDK, BOTH);
        assertEquals(Settings.QUICK, runs.get(1).settings());
        assertEquals(GUARDED, runs.get(1).tests().stream().map(StressTest::shortName).toList());
        assertTrue(runs.get(0).tests().stream().anyMatch(Plan::hunted), "the release faults stay in the CI run");
    }

    @Test
    void anotherModeRunsEveryTestInIt() {
        List<StressRun> runs = Plan.QUICK.runs(ALL, 1, Settings.DEFAULT, Plan.FaultHunt.QUICK, Jdk.current(), NO_JDK, BOTH);
        assertEquals(2, runs.size());
        assertEquals(ALL, runs.get(0).tests());
        assertTrue(runs.stream().allMatch(r -> r.settings() == Settings.DEFAULT));
    }

    @Test
    void measureRepeatsBothBackingsAlternately() {
        List<StressRun> runs = Plan.MEASURE.runs(ALL, 3, Settings.QUICK, Plan.FaultHunt.QUICK, Jdk.current(), NO_JDK, BOTH);
        assertEquals(6, runs.size());
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(i % 2 == 0 ? SlotMemoryKind.OBJECT_FIELDS : SlotMemoryKind.DIRECT_BUFFER,
                    runs.get(i).backing());
            assertEquals(ALL, runs.get(i).tests());
        }
    }

    @Test
    void deepRunsDefaultModeOnTheBuildJdkAndOnJdk25WherePresent(@TempDir Path dir) throws IOException {
        // A stand-in JDK 25: the plan only reads its release file and checks bin/java is executable.
        Path jdk25 = dir.resolve("temurin-25");
        Files.createDirectories(jdk25.resolve("bin"));
        Files.writeString(jdk25.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        Files.createFile(jdk25.resolve("bin/java"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        List<StressRun> runs = Plan.DEEP.runs(ALL, 1, Plan.DEEP.settings(), Plan.FaultHunt.QUICK, Jdk.current(), jdk25, BOTH);
        assertEquals(Settings.DEFAULT, Plan.DEEP.settings());
        assertEquals(List.of(Jdk.current().feature(), Jdk.current().feature(), 25, 25),
                runs.stream().map(r -> r.jdk().feature()).toList());
        assertTrue(runs.stream().allMatch(r -> r.tests().equals(ALL)), "deep runs every test on both backings");
        assertEquals(2, Plan.DEEP.runs(ALL, 1, Plan.DEEP.settings(), Plan.FaultHunt.QUICK, Jdk.current(), NO_JDK, BOTH).size(),
                "without Temurin 25 the deep plan runs the build's JDK alone");
    }

    @Test
    void oneBackingOnly() {
        List<StressRun> runs = Plan.MEASURE.runs(ALL, 2, Settings.QUICK, Plan.FaultHunt.QUICK, Jdk.current(), NO_JDK,
                EnumSet.of(SlotMemoryKind.DIRECT_BUFFER));
        assertEquals(2, runs.size());
        assertTrue(runs.stream().allMatch(r -> r.backing() == SlotMemoryKind.DIRECT_BUFFER));
    }

    @Test
    void aFilterMatchingNothingIsNoRun() {
        assertEquals(List.of(), StressTest.matching("NoSuchTest"));
    }

    @Test
    void theTestExpressionMatchesExactlyTheListedTests() {
        StressRun run = Plan.QUICK.runs(ALL, 1, Settings.CI, Plan.FaultHunt.QUICK, Jdk.current(), NO_JDK, BOTH).get(2);
        List<StressTest> again = StressTest.matching(run.testRegexp());
        assertEquals(run.tests(), again);
    }
}
