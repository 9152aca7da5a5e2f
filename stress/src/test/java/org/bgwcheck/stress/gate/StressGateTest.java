package org.bgwcheck.stress.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.junit.jupiter.api.Test;

class StressGateTest {
    private static final List<StressTest.Actor> ACTORS = List.of(
            new StressTest.Actor("registerDynamicBackgroundWorker", "backend: registers"),
            new StressTest.Actor("backgroundWorkerStateChange", "postmaster: scans"));
    private static final StressTest FIXED = new StressTest("org.bgwcheck.stress.RegisterVersusScan.Fixed",
            "PUBLISH_ON_REGISTER+ACQUIRE_ON_SCAN", Variant.FIXED, "S1", ACTORS);
    private static final StressTest FAULT = new StressTest("org.bgwcheck.stress.RegisterVersusScan.NoPublishBarrier",
            "PUBLISH_ON_REGISTER+ACQUIRE_ON_SCAN", Variant.of(Fault.NO_PUBLISH_BARRIER), "S1", ACTORS);

    private static SummaryRow row(StressTest test, long forbidden, String status) {
        List<Tally.ForbiddenOutcome> seen = forbidden == 0 ? List.of()
                : List.of(new Tally.ForbiddenOutcome("RELEASED_AS_TERMINATED", forbidden, "postmaster saw \"in_use\""));
        return new SummaryRow(test, SlotMemoryKind.OBJECT_FIELDS, "ci", "17.0.15 (Debian)", 2, 1, 1_000_000, forbidden,
                12.5, status, seen, new double[] {3.5, 4.25});
    }

    @Test
    void faultsShowingForbiddenOutcomesPass() {
        assertEquals(List.of(), StressGate.problems(List.of(row(FIXED, 0, "NORMAL"), row(FAULT, 37, "NORMAL"))));
    }

    @Test
    void theFixedProtocolShowingOneForbiddenOutcomeFails() {
        List<String> problems = StressGate.problems(List.of(row(FIXED, 1, "NORMAL"), row(FAULT, 37, "NORMAL")));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("FIXED protocol showed 1 forbidden"), problems.get(0));
    }

    @Test
    void aVariantShowingAPropertyItsFaultDoesNotBreakIsAFindingThatFails() {
        StressTest seedOnPublish = new StressTest("org.bgwcheck.stress.RegisterVersusScan.SeedAsWritten",
                "PUBLISH_ON_REGISTER+ACQUIRE_ON_SCAN", Variant.of(Fault.SEED_AS_WRITTEN), "S1", ACTORS);
        List<String> problems = StressGate.problems(List.of(row(seedOnPublish, 1, "NORMAL")));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("forbidden outcomes of S1, which SEED_AS_WRITTEN does not break: a finding"
                + " about the code"), problems.get(0));
    }

    @Test
    void aVoidMeasurementFailsWhateverTheVariant() {
        assertEquals(2, StressGate.problems(List.of(row(FIXED, 0, "MISSING"), row(FAULT, 0, "VM_ERROR"))).size());
        SummaryRow unsampled = new SummaryRow(FIXED, SlotMemoryKind.DIRECT_BUFFER, "ci", "17", 1, 1, 0, 0, 1.0, "NORMAL",
                List.of(), new double[] {Double.NaN, Double.NaN});
        assertEquals(1, StressGate.problems(List.of(unsampled)).size(), "a run without samples proves nothing");
    }

    @Test
    void summaryRowsAreJsonObjectsWithTheDocumentedKeys() {
        assertEquals("{\"test\": \"org.bgwcheck.stress.RegisterVersusScan.NoPublishBarrier\","
                        + " \"site\": \"PUBLISH_ON_REGISTER+ACQUIRE_ON_SCAN\", \"variant\": \"NO_PUBLISH_BARRIER\","
                        + " \"backing\": \"OBJECT_FIELDS\", \"property\": \"S1\", \"mode\": \"ci\","
                        + " \"jdk\": \"17.0.15 (Debian)\", \"forks\": 2, \"jvmSetups\": 1, \"samples\": 1000000,"
                        + " \"forbidden\": 37,"
                        + " \"seconds\": 12.5, \"detected\": true, \"status\": \"NORMAL\","
                        + " \"loadAverage\": [3.50, 4.25], \"actors\": [{\"name\": \"registerDynamicBackgroundWorker\","
                        + " \"does\": \"backend: registers\"},"
                        + " {\"name\": \"backgroundWorkerStateChange\", \"does\": \"postmaster: scans\"}],"
                        + " \"forbiddenOutcomes\": [{\"outcome\": \"RELEASED_AS_TERMINATED\", \"count\": 37,"
                        + " \"description\": \"postmaster saw \\\"in_use\\\"\"}]}",
                row(FAULT, 37, "NORMAL").toJson());
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Json.string("a\"b\\c\n\u0001"));
    }
}
