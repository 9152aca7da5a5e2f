package org.bgwcheck.gate.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Detection;
import org.bgwcheck.gate.model.GateResult;
import org.bgwcheck.gate.model.LayerReport;
import org.bgwcheck.gate.model.PropertyVerdict;

/**
 * {@code target/gate/verdict.json}, in the stable format documented in README.md:
 * {@code {"duration_s", "verdict", "failures", "protocol": {property: {layer: pass|fail|n/a}},
 * "other": {layer: pass|fail}, "faults": [{"id", "breaks", "models", "detected_by": {layer: {"detected",
 * "seconds"}}}]}}. {@code other} is the property table's last row ({@link TerminalTables#OTHER_STATEMENT}); a
 * fault's {@code detected_by} lists only the layers that can express it.
 */
public final class VerdictJson {
    private VerdictJson() {
    }

    public static Map<String, Object> toMap(GateResult g) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("duration_s", Math.round(g.durationSeconds() * 10) / 10.0);
        root.put("verdict", g.failures().isEmpty() ? "pass" : "fail");
        root.put("failures", g.failures());
        Map<String, Object> protocol = new LinkedHashMap<>();
        for (Property p : Property.values()) {
            Map<String, String> byLayer = new LinkedHashMap<>();
            for (LayerReport r : g.layers()) {
                byLayer.put(r.layer().id(), g.verdict(p, r.layer())
                        .map(v -> v.outcome() == PropertyVerdict.Outcome.PASS ? "pass" : "fail").orElse("n/a"));
            }
            protocol.put(p.name(), byLayer);
        }
        root.put("protocol", protocol);
        Map<String, String> other = new LinkedHashMap<>();
        g.layers().forEach(r -> other.put(r.layer().id(), r.otherFails() ? "fail" : "pass"));
        root.put(TerminalTables.OTHER, other);
        List<Map<String, Object>> faults = new java.util.ArrayList<>();
        for (Fault f : Fault.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", f.name());
            entry.put("breaks", f.breaks().stream().map(Enum::name).toList());
            entry.put("models", f.models());
            Map<String, Object> by = new LinkedHashMap<>();
            for (LayerReport r : g.layers()) {
                g.detection(f, r.layer()).filter(d -> d.status() != Detection.Status.NOT_EXPRESSIBLE).ifPresent(d -> {
                    Map<String, Object> cell = new LinkedHashMap<>();
                    cell.put("detected", d.status() == Detection.Status.DETECTED);
                    cell.put("seconds", Math.round(d.seconds() * 100) / 100.0);
                    by.put(r.layer().id(), cell);
                });
            }
            entry.put("detected_by", by);
            faults.add(entry);
        }
        root.put("faults", faults);
        return root;
    }

    public static void write(GateResult g, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap(g));
    }
}
