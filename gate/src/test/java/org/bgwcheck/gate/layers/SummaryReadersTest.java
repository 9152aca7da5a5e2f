package org.bgwcheck.gate.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Detection;
import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;
import org.bgwcheck.gate.model.PropertyVerdict;
import org.bgwcheck.gate.model.Timeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary readers on small files shaped as the modules write them. */
class SummaryReadersTest {
    @TempDir
    Path root;

    private LayerReport read(SummaryReader reader, String file, String json) throws IOException {
        Path module = root.resolve(reader.module());
        Files.createDirectories(module.resolve("target"));
        Files.writeString(module.resolve(file), json);
        return reader.read(root);
    }

    private static Detection detection(LayerReport r, Fault f) {
        return r.faults().stream().filter(d -> d.fault() == f).findFirst().orElseThrow();
    }

    private static PropertyVerdict.Outcome verdict(LayerReport r, Property p) {
        return r.protocol().stream().filter(v -> v.property() == p).findFirst().orElseThrow().outcome();
    }

    @Test
    void modelsKeepTheFastestTimeDrawTheShortestRunAndSkipWhatTheToolCannotExpress() throws IOException {
        LayerReport r = read(new ModelsSummary(Layer.LINCHECK), "target/models-summary.json", """
                [{"check": "lin", "tool": "lincheck", "mode": "stress", "variant": "FIXED", "property": "S3, S5",
                  "detected": false, "verdict": "passed", "seconds": 9, "counterexample": []},
                 {"check": "lin", "tool": "lincheck", "mode": "stress", "variant": "REGISTER_WITHOUT_LOCK",
                  "property": "S6", "detected": true, "verdict": "detected", "seconds": 1.5, "counterexample": [
                    {"process": "Thread 1", "action": "a", "detail": ""}, {"process": "Thread 2", "action": "b", "detail": ""},
                    {"process": "check", "action": "not linearizable", "detail": ""}]},
                 {"check": "lin", "tool": "lincheck", "mode": "model-checking", "variant": "REGISTER_WITHOUT_LOCK",
                  "property": "S6", "detected": true, "verdict": "detected", "seconds": 4.0, "counterexample": [
                    {"process": "Thread 2", "action": "b", "detail": ""},
                    {"process": "check", "action": "not linearizable", "detail": ""}]},
                 {"check": "none", "tool": "lincheck", "mode": "not-expressible", "variant": "NO_PUBLISH_BARRIER",
                  "property": "S1", "detected": false, "verdict": "not expressible", "seconds": 0},
                 {"check": "j", "tool": "jqwik", "mode": "stateful", "variant": "NO_STOP_NOTIFICATIONS",
                  "property": "L3", "detected": true, "verdict": "detected", "seconds": 0.1}]
                """);
        assertTrue(r.ran(), r.problem());
        assertEquals(PropertyVerdict.Outcome.PASS, verdict(r, Property.S3));
        assertEquals(PropertyVerdict.Outcome.PASS, verdict(r, Property.S5));
        Detection lock = detection(r, Fault.REGISTER_WITHOUT_LOCK);
        assertEquals(Detection.Status.DETECTED, lock.status());
        assertEquals(1.5, lock.seconds());
        Timeline t = lock.counterexample();
        assertNotNull(t);
        assertEquals(2, t.steps().size(), "the model-checking run's two steps, not the stress run's three");
        assertEquals(1, t.violatingStep());
        assertEquals(Detection.Status.NOT_EXPRESSIBLE, detection(r, Fault.NO_PUBLISH_BARRIER).status());
        assertEquals(Detection.Status.NOT_EXPRESSIBLE, detection(r, Fault.NO_STOP_NOTIFICATIONS).status(),
                "a jqwik entry is not the lincheck layer's");
    }

    @Test
    void aForbiddenOutcomeUnderTheFixedProtocolFailsAndAFaultWithoutOneIsMissed() throws IOException {
        LayerReport r = read(new StressSummary(), "target/stress-summary.json", """
                [{"test": "t.Fixed", "variant": "FIXED", "backing": "OBJECT_FIELDS", "property": "S4+S5",
                  "mode": "ci", "jdk": "17", "samples": 1000, "forbidden": 2, "seconds": 10, "detected": true,
                  "status": "NORMAL"},
                 {"test": "t.NoForget", "variant": "NO_FORGET_RELEASE_BARRIER", "backing": "OBJECT_FIELDS",
                  "property": "S4+S5", "mode": "ci", "jdk": "17", "samples": 1000, "forbidden": 0, "seconds": 10,
                  "detected": false, "status": "NORMAL"}]
                """);
        assertEquals(PropertyVerdict.Outcome.FAIL, verdict(r, Property.S4));
        assertEquals(Detection.Status.MISSED, detection(r, Fault.NO_FORGET_RELEASE_BARRIER).status());
    }

    @Test
    void aTlaModelThatNeverReachedTlcsVerdictFailsWhateverItsVariant() throws IOException {
        Files.createDirectories(root.resolve("tla/models"));
        Files.writeString(root.resolve("tla/models/M.cfg"), "INVARIANT HandleSafety\n");
        LayerReport r = read(new TlaSummary(), "target/tla-summary.json", """
                {"models": [
                  {"model": "M", "file": "models/M.cfg", "variant": "FIXED", "memModel": "SC", "expected": "pass",
                   "actual": "error", "property": null, "asExpected": false, "seconds": 300,
                   "detail": "the run did not finish: model M: TLC did not finish within 300 s"},
                  {"model": "F", "file": "models/M.cfg", "variant": "TERMINATE_IGNORES_GENERATION", "memModel": "SC",
                   "expected": "violates HandleSafety", "actual": "error", "property": null, "asExpected": false,
                   "seconds": 0, "detail": "not run to its end"}]}
                """);
        assertEquals(PropertyVerdict.Outcome.FAIL, verdict(r, Property.S3));
        assertTrue(r.protocol().get(0).evidence().contains("TLC did not finish within 300 s"), r.protocol().toString());
        assertEquals(Detection.Status.NOT_EXPRESSIBLE, detection(r, Fault.TERMINATE_IGNORES_GENERATION).status());
        assertEquals(1, r.other().size(), r.other().toString());
        assertTrue(r.other().get(0).startsWith("TERMINATE_IGNORES_GENERATION model ended in error"), r.other().get(0));
    }

    @Test
    void aFaultRunIsCreditedOnlyThroughAPropertyItsFaultBreaks() throws IOException {
        LayerReport r = read(new LauncherSummary(), "target/launcher-summary.json", """
                [{"check": "c", "property": "S5", "variant": "TERMINATE_IGNORES_GENERATION", "passed": false,
                  "seconds": 1, "detail": "d"},
                 {"check": "c", "property": "S3", "variant": "STATUS_IGNORES_GENERATION", "passed": false,
                  "seconds": 2, "detail": "d"},
                 {"check": "soak", "property": "", "variant": "FIXED", "passed": false, "seconds": 55,
                  "detail": "time limit violated"}]
                """);
        assertEquals(Detection.Status.MISSED, detection(r, Fault.TERMINATE_IGNORES_GENERATION).status());
        assertEquals(Detection.Status.DETECTED, detection(r, Fault.STATUS_IGNORES_GENERATION).status());
        assertEquals(List.of("TERMINATE_IGNORES_GENERATION run shows S5, which TERMINATE_IGNORES_GENERATION does not"
                + " break: a finding about the code (c: d)", "a check of the fixed protocol failed and names no"
                + " property: soak: time limit violated"), r.other());
    }

    @Test
    void weakCreditsOwnPropertiesFailsAnUncaughtFenceDeletionAndSkipsWhatAModelCannotShow() throws IOException {
        LayerReport r = read(new WeakSummary(), "target/weak-summary.json", """
                [{"check": "fixed", "variant": "FIXED", "property": "S1,S2,S3,S4,S5,S6", "verdict": "passed",
                  "memory_model": "WEAK", "bounds": "2b2s2g", "violated": [], "seconds": 50, "states": 9,
                  "exhaustive": true, "counterexample": []},
                 {"check": "fault", "variant": "SEED_AS_WRITTEN", "property": "S4,S5", "verdict": "detected",
                  "memory_model": "WEAK", "violated": ["S4"], "seconds": 0.2, "counterexample": [
                    {"process": "postmaster", "action": "a", "detail": ""},
                    {"process": "memory", "action": "pid[0] = 0 becomes visible", "detail": ""},
                    {"process": "check", "action": "S4 violated", "detail": ""}]},
                 {"check": "fault", "variant": "NO_PUBLISH_BARRIER", "property": "S1", "verdict": "not detected",
                  "memory_model": "WEAK", "violated": ["S5"], "seconds": 1, "counterexample": []},
                 {"check": "fault", "variant": "NO_SCAN_READ_BARRIER", "property": "S1", "verdict": "not expressible",
                  "memory_model": "TSO", "violated": [], "seconds": 1, "counterexample": []},
                 {"check": "fence", "variant": "FIXED-without-RELEASE_ON_FORGET", "property": "S4,S5",
                  "verdict": "not detected", "memory_model": "WEAK", "violated": [], "seconds": 3,
                  "counterexample": []}]
                """);
        assertTrue(r.ran(), r.problem());
        assertEquals(PropertyVerdict.Outcome.PASS, verdict(r, Property.S4));
        Detection seed = detection(r, Fault.SEED_AS_WRITTEN);
        assertEquals(Detection.Status.DETECTED, seed.status());
        assertEquals(List.of("postmaster", "memory", "check"), seed.counterexample().lanes());
        assertEquals(Detection.Status.MISSED, detection(r, Fault.NO_PUBLISH_BARRIER).status());
        assertEquals(Detection.Status.NOT_EXPRESSIBLE, detection(r, Fault.NO_SCAN_READ_BARRIER).status());
        assertEquals(2, r.other().size(), r.other().toString());
        assertTrue(r.other().get(0).startsWith("NO_PUBLISH_BARRIER run shows S5, which NO_PUBLISH_BARRIER does not"
                + " break"), r.other().get(0));
        assertTrue(r.other().get(1).contains("the fence RELEASE_ON_FORGET deleted from core's code and not caught"),
                r.other().get(1));
    }

    @Test
    void aMissingFileOrAnUnknownVariantLeavesTheLayerWithoutAResult() throws IOException {
        LayerReport missing = new LauncherSummary().read(root);
        assertFalse(missing.ran());
        LayerReport unknown = read(new LauncherSummary(), "target/launcher-summary.json", """
                [{"check": "c", "property": "C1", "variant": "NO_SUCH_FAULT", "passed": true, "seconds": 1}]
                """);
        assertFalse(unknown.ran());
        assertTrue(unknown.problem().contains("NO_SUCH_FAULT"), unknown.problem());
    }
}
