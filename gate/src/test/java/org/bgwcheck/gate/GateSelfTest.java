package org.bgwcheck.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's self-test: the verdict step ({@code bin/gate --no-build}) over a canned project, whose summaries a
 * passing build would leave behind, then each way a failing build has been seen to slip through, one at a time:
 * a fixed-protocol failure in the models summary, a soak violation that only the launcher's test report carries,
 * a hit of a variant through a property its fault does not break, and summaries a layer should have written but
 * did not (a stale one left by an earlier build, none for one of the module's two layers, none at all). Each must
 * make verdict.json say {@code fail} with the failure that names it.
 */
class GateSelfTest {
    @TempDir
    Path root;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINCHECK_PROPERTY = "(S3, S5, S6 as the model states them)";
    private static final String JQWIK_PROPERTY = "S2-S6 and L3 after every step; L1/L2 at the end";
    private static final String STRESS_FIXED = stressRow("RegisterVersusScan.Fixed", "FIXED", "S1", 0);
    private static final String STRESS_HIT = stressRow("ScanReleaseVersusRegister.NoTerminateReleaseBarrier",
            "NO_TERMINATE_RELEASE_BARRIER", "S4+S5", 3);

    /** The verdict step's outcome: its exit code, verdict.json and what it printed. */
    private record Run(int exit, JsonNode verdict, String printed) {
        List<String> failures() {
            List<String> out = new ArrayList<>();
            verdict.get("failures").forEach(f -> out.add(f.asText()));
            return out;
        }

        void assertFailsWith(String expected) {
            assertEquals(1, exit, printed);
            assertEquals("fail", verdict.get("verdict").asText(), printed);
            assertTrue(failures().stream().anyMatch(f -> f.contains(expected)),
                    "no failure containing \"" + expected + "\" in " + failures());
        }
    }

    private Run verdictStep() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            exit = Gate.verdictStep(root, System.currentTimeMillis() / 1000, out);
        }
        return new Run(exit, JSON.readTree(root.resolve("target/gate/verdict.json").toFile()),
                printed.toString(StandardCharsets.UTF_8));
    }

    private Path write(String file, String text) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** What a passing quick build leaves behind: every layer passes and each fault is detected somewhere. */
    private void passingBuild() throws IOException {
        write("pom.xml", "<project><modules><module>core</module><module>tla</module><module>launcher</module>"
                + "<module>models</module><module>stress</module><module>gate</module></modules></project>");
        write("stress/target/stress-summary.json", "[" + STRESS_FIXED + "," + STRESS_HIT + "]");
        writeModels("passed");
        write("tla/models/Canned.cfg", "SPECIFICATION Spec\nINVARIANTS Publication NoClobber Capacity\n");
        write("tla/target/tla-summary.json", "{\"profile\": \"quick\", \"models\": [" + String.join(",",
                tlaModel("FIXED", "pass", null),
                tlaModel("NO_PUBLISH_BARRIER", "invariant", "Publication"),
                tlaModel("NO_SCAN_READ_BARRIER", "invariant", "Publication"),
                tlaModel("NO_TERMINATE_RELEASE_BARRIER", "invariant", "NoClobber"),
                tlaModel("NO_FORGET_RELEASE_BARRIER", "invariant", "NoClobber"),
                tlaModel("PID_STORE_AFTER_BARRIER", "invariant", "NoClobber"),
                tlaModel("SEED_AS_WRITTEN", "invariant", "NoClobber"),
                tlaModel("REGISTER_WITHOUT_LOCK", "invariant", "Capacity")) + "]}");
        write("launcher/target/launcher-summary.json", "[" + String.join(",",
                launcherEntry("StartupDataIT: each child gets its own startup data", "C1", true),
                launcherEntry("the soak: a handle never answers with a worker of another registration", "S3", true),
                launcherEntry("the soak: register - terminate = live parallel registrations", "S5", true)) + "]");
    }

    /** Both tools' entries: each passes the fixed protocol (jqwik's with {@code jqwikFixed}) and detects a fault. */
    private void writeModels(String jqwikFixed) throws IOException {
        write("models/target/models-summary.json", "[" + String.join(",",
                modelsEntry("lincheck", "FIXED", "passed", LINCHECK_PROPERTY),
                modelsEntry("lincheck", "REGISTER_WITHOUT_LOCK", "detected", LINCHECK_PROPERTY),
                modelsEntry("jqwik", "FIXED", jqwikFixed, JQWIK_PROPERTY),
                modelsEntry("jqwik", "NO_STOP_NOTIFICATIONS", "detected", JQWIK_PROPERTY)) + "]");
    }

    private static String stressRow(String test, String variant, String property, long forbidden) {
        return "{\"test\": \"org.bgwcheck.stress." + test + "\", \"site\": \"s\", \"variant\": \"" + variant + "\","
                + " \"backing\": \"OBJECT_FIELDS\", \"property\": \"" + property + "\", \"mode\": \"quick\","
                + " \"jdk\": \"17\", \"samples\": 34000000, \"forbidden\": " + forbidden + ", \"seconds\": 60.0,"
                + " \"detected\": " + (forbidden > 0) + ", \"status\": \"NORMAL\", \"actors\": [],"
                + " \"forbiddenOutcomes\": []}";
    }

    private static String modelsEntry(String tool, String variant, String verdict, String property) {
        return "{\"check\": \"" + tool + "-check\", \"tool\": \"" + tool + "\", \"mode\": \"stress\", \"variant\": \""
                + variant + "\", \"property\": \"" + property + "\", \"detected\": " + verdict.equals("detected")
                + ", \"verdict\": \"" + verdict + "\", \"seconds\": 1.0, \"counterexample\": []}";
    }

    private static String tlaModel(String variant, String actual, String property) {
        return "{\"model\": \"Canned_" + variant + "\", \"file\": \"models/Canned.cfg\", \"variant\": \"" + variant
                + "\", \"memModel\": \"TSO\", \"expected\": \"" + (property == null ? "pass" : "violates " + property)
                + "\", \"actual\": \"" + actual + "\", \"property\": " + (property == null ? "null" : "\"" + property
                + "\"") + ", \"asExpected\": true, \"distinctStates\": 10, \"seconds\": 1.5, \"trace\": null}";
    }

    private static String launcherEntry(String check, String property, boolean passed) {
        return "{\"check\": \"" + check + "\", \"property\": \"" + property + "\", \"variant\": \"FIXED\", \"passed\": "
                + passed + ", \"seconds\": 1.0, \"detail\": \"seen\"}";
    }

    @Test
    void theCannedPassingBuildPasses() throws Exception {
        passingBuild();
        Run run = verdictStep();
        assertEquals(List.of(), run.failures(), run.printed());
        assertEquals("pass", run.verdict().get("verdict").asText());
        assertEquals(0, run.exit());
    }

    /** Case 1: models-summary.json writes a falsified fixed-protocol property as "detected": false. */
    @Test
    void aFixedProtocolFailureInTheModelsSummaryFailsItsPropertyCells() throws Exception {
        passingBuild();
        writeModels("failed");
        Run run = verdictStep();
        run.assertFailsWith("fixed protocol fails S3 in jqwik: jqwik-check (stress): failed");
        assertEquals("fail", run.verdict().at("/protocol/L1/jqwik").asText());
    }

    /** Case 2: the soak's L1 violation failed SoakIT, but no launcher-summary.json entry names L1. */
    @Test
    void aSoakViolationOnlyTheTestReportCarriesFailsTheLauncher() throws Exception {
        passingBuild();
        write("launcher/target/failsafe-reports/TEST-org.bgwcheck.launcher.SoakIT.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="org.bgwcheck.launcher.SoakIT" tests="1" failures="1" errors="0" skipped="0">
                  <testcase name="aShortSoakHoldsEveryInvariantAndLeavesNothingBehind"
                            classname="org.bgwcheck.launcher.SoakIT" time="97.1">
                    <failure message="the soak failed; replay with -Dbgwcheck.seed=7&#10;VIOLATION L1 violated\
                 (incarnation 3): no postmaster exit within 90 s" type="org.opentest4j.AssertionFailedError">trace</failure>
                  </testcase>
                </testsuite>
                """);
        Run run = verdictStep();
        run.assertFailsWith("launcher: test SoakIT.aShortSoakHoldsEveryInvariantAndLeavesNothingBehind failed: the soak"
                + " failed; replay with -Dbgwcheck.seed=7 / VIOLATION L1 violated (incarnation 3): no postmaster exit"
                + " within 90 s");
        assertEquals("fail", run.verdict().at("/other/launcher").asText());
    }

    /** Case 3: a forbidden S1 outcome in the run labelled SEED_AS_WRITTEN, which breaks S4 and S5, not S1. */
    @Test
    void aHitThroughAPropertyTheFaultDoesNotBreakIsAFindingNotADetection() throws Exception {
        passingBuild();
        write("stress/target/stress-summary.json", "[" + STRESS_FIXED + "," + STRESS_HIT + ","
                + stressRow("RegisterVersusScan.SeedAsWritten", "SEED_AS_WRITTEN", "S1", 1) + "]");
        Run run = verdictStep();
        run.assertFailsWith("jcstress: SEED_AS_WRITTEN run shows S1, which SEED_AS_WRITTEN does not break: a finding"
                + " about the code");
        JsonNode seed = null;
        for (JsonNode f : run.verdict().get("faults")) {
            seed = f.get("id").asText().equals("SEED_AS_WRITTEN") ? f : seed;
        }
        assertEquals(false, seed.at("/detected_by/jcstress/detected").asBoolean(true), "not credited to the fault");
    }

    /** A failed build left the models results of an earlier build behind, older than the code now in the tree. */
    @Test
    void aSummaryOlderThanTheCodeIsNoResult() throws Exception {
        passingBuild();
        Path summary = root.resolve("models/target/models-summary.json");
        Path source = write("core/src/main/java/org/bgwcheck/core/Changed.java", "class Changed {}\n");
        Files.setLastModifiedTime(source, FileTime.fromMillis(
                Files.getLastModifiedTime(summary).toMillis() + 60_000));
        Run run = verdictStep();
        run.assertFailsWith("layer jqwik left no result: models/target/models-summary.json is stale:"
                + " core/src/main/java/org/bgwcheck/core/Changed.java changed after it was written");
        assertEquals("fail", run.verdict().at("/other/lincheck").asText());
    }

    /** The models summary holds jqwik's entries but not one of Lincheck's: Lincheck's class never recorded. */
    @Test
    void aSummaryWithoutTheLayersEntriesIsNoResult() throws Exception {
        passingBuild();
        write("models/target/models-summary.json", "[" + modelsEntry("jqwik", "FIXED", "passed", JQWIK_PROPERTY) + ","
                + modelsEntry("lincheck", "REGISTER_WITHOUT_LOCK", "not expressible", "S3") + "]");
        verdictStep().assertFailsWith("layer lincheck left no result: models/target/models-summary.json has no entry"
                + " for lincheck");
    }

    @Test
    void aMissingSummaryIsNoResult() throws Exception {
        passingBuild();
        Files.delete(root.resolve("launcher/target/launcher-summary.json"));
        Run run = verdictStep();
        run.assertFailsWith("layer launcher left no result: no launcher/target/launcher-summary.json");
        assertEquals("fail", run.verdict().at("/other/launcher").asText());
    }
}
