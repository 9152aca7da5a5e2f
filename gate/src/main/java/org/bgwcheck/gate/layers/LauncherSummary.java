package org.bgwcheck.gate.layers;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;

/**
 * Real-process results ({@code launcher/target/launcher-summary.json}): one entry per property check the
 * integration tests made, {check, property, variant, passed, seconds, detail}. The launcher runs the fixed
 * protocol only; its faults are the other layers' business.
 */
final class LauncherSummary implements SummaryLayers.Reader {
    @Override
    public Layer layer() {
        return Layer.LAUNCHER;
    }

    @Override
    public String module() {
        return "launcher";
    }

    @Override
    public LayerReport read(Path moduleDir) {
        Path file = moduleDir.resolve("target/launcher-summary.json");
        if (!Files.isRegularFile(file)) {
            return LayerReport.missing(layer(), "no launcher/target/launcher-summary.json");
        }
        try {
            ResultCollector c = new ResultCollector(layer());
            for (JsonNode e : SummaryFiles.list(SummaryFiles.read(file))) {
                String evidence = SummaryFiles.text(e, "check") + ": " + SummaryFiles.text(e, "detail");
                var fault = SummaryFiles.fault(SummaryFiles.text(e, "variant"));
                if (fault.isEmpty()) {
                    c.fixed(SummaryFiles.properties(SummaryFiles.text(e, "property")), e.path("passed").asBoolean(),
                            evidence);
                } else {
                    c.fault(fault.get(), !e.path("passed").asBoolean(), e.path("seconds").asDouble(), evidence, null);
                }
            }
            return c.build();
        } catch (Exception ex) {
            return LayerReport.missing(layer(), "unreadable " + file + ": " + ex);
        }
    }
}
