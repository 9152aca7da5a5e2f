package org.bgwcheck.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Detection;
import org.bgwcheck.gate.model.GateResult;
import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;
import org.bgwcheck.gate.model.PropertyVerdict;
import org.bgwcheck.gate.render.VerdictJson;
import org.junit.jupiter.api.Test;

/** The gate's verdict logic and its JSON, on hand-built layer reports. */
class GateResultTest {

    static LayerReport detectingEverything(Layer layer) {
        List<Detection> all = new ArrayList<>();
        for (Fault f : Fault.values()) {
            all.add(new Detection(layer, f, Detection.Status.DETECTED, 1.5, "seen", GateFixtures.timeline(f)));
        }
        return new LayerReport(layer, List.of(new PropertyVerdict(layer, Property.S1, PropertyVerdict.Outcome.PASS, "ok")),
                all, List.of(), null);
    }

    @Test
    void passesWhenFixedPassesAndEveryFaultIsDetected() {
        GateResult g = new GateResult(List.of(detectingEverything(Layer.TLA)), 3);
        assertEquals(List.of(), g.failures());
    }

    @Test
    void failsOnAFixedProtocolFailure() {
        LayerReport bad = new LayerReport(Layer.JCSTRESS,
                List.of(new PropertyVerdict(Layer.JCSTRESS, Property.S4, PropertyVerdict.Outcome.FAIL, "12 forbidden")),
                List.of(), List.of(), null);
        GateResult g = new GateResult(List.of(detectingEverything(Layer.TLA), bad), 3);
        assertEquals(List.of("fixed protocol fails S4 in jcstress: 12 forbidden"), g.failures());
    }

    @Test
    void failsOnAnUndetectedFaultAndOnAMissingLayer() {
        LayerReport partial = new LayerReport(Layer.LINCHECK, List.of(), List.of(
                new Detection(Layer.LINCHECK, Fault.TERMINATE_IGNORES_GENERATION, Detection.Status.DETECTED, 2, "", null)),
                List.of(), null);
        GateResult g = new GateResult(List.of(partial, LayerReport.missing(Layer.TLA, "no tla-summary.json")), 3);
        List<String> f = g.failures();
        assertTrue(f.contains("layer tla left no result: no tla-summary.json"), f.toString());
        assertTrue(f.contains("REGISTER_WITHOUT_LOCK (breaks [S3, S5, S6]) is detected by no layer"), f.toString());
        assertEquals(Fault.values().length, f.size(), "one missing layer plus every fault but one");
    }

    @Test
    @SuppressWarnings("unchecked")
    void verdictJsonHasTheDocumentedShape() {
        GateResult g = new GateResult(List.of(detectingEverything(Layer.TLA)), 12.34);
        Map<String, Object> m = VerdictJson.toMap(g);
        assertEquals(12.3, m.get("duration_s"));
        assertEquals("pass", m.get("verdict"));
        Map<String, Map<String, String>> protocol = (Map<String, Map<String, String>>) m.get("protocol");
        assertEquals("pass", protocol.get("S1").get("tla"));
        assertEquals("n/a", protocol.get("S2").get("tla"));
        List<Map<String, Object>> faults = (List<Map<String, Object>>) m.get("faults");
        assertEquals(Fault.values().length, faults.size());
        Map<String, Object> first = faults.get(0);
        assertEquals(Fault.values()[0].name(), first.get("id"));
        assertEquals(List.of("S1"), first.get("breaks"));
        assertEquals(Map.of("detected", true, "seconds", 1.5), ((Map<String, Object>) first.get("detected_by")).get("tla"));
    }
}
