package org.bgwcheck.stress.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.junit.jupiter.api.Test;

class PlanTest {
    private static final Path NO_JDK = Path.of("/nonexistent");
    private static final List<StressTest> ALL = StressTest.matching("^org\\.bgwcheck\\.stress\\.");

    @Test
    void quickRunsEveryTestOnObjectFieldsAndTheFixedProtocolOnTheBuffer() {
        List<StressRun> runs = Plan.QUICK.runs(ALL, 1, Settings.CI, Jdk.current(), NO_JDK);
        assertEquals(2, runs.size());
        assertEquals(SlotMemoryKind.OBJECT_FIELDS, runs.get(0).backing());
        assertEquals(ALL, runs.get(0).tests());
        assertEquals(SlotMemoryKind.DIRECT_BUFFER, runs.get(1).backing());
        assertEquals(6, runs.get(1).tests().size(), "one fixed test per scenario");
        assertTrue(runs.get(1).tests().stream().allMatch(t -> t.variant().isFixed()));
    }

    @Test
    void measureRepeatsBothBackingsAlternately() {
        List<StressRun> runs = Plan.MEASURE.runs(ALL, 3, Settings.QUICK, Jdk.current(), NO_JDK);
        assertEquals(6, runs.size());
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(i % 2 == 0 ? SlotMemoryKind.OBJECT_FIELDS : SlotMemoryKind.DIRECT_BUFFER,
                    runs.get(i).backing());
            assertEquals(ALL, runs.get(i).tests());
        }
    }

    @Test
    void aFilterMatchingNothingIsNoRun() {
        assertEquals(List.of(), StressTest.matching("NoSuchTest"));
    }

    @Test
    void theTestExpressionMatchesExactlyTheListedTests() {
        StressRun run = Plan.QUICK.runs(ALL, 1, Settings.CI, Jdk.current(), NO_JDK).get(1);
        List<StressTest> again = StressTest.matching(run.testRegexp());
        assertEquals(run.tests(), again);
    }
}
