package org.bgwcheck.gate.layers;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.bgwcheck.gate.model.Layer;

/**
 * Real-process results ({@code launcher/target/launcher-summary.json}): one entry per property check the
 * integration tests made, {check, property, variant, passed, seconds, detail}. The launcher runs the fixed
 * protocol only; its faults are the other layers' business.
 */
final class LauncherSummary extends SummaryReader {
    LauncherSummary() {
        super(Layer.LAUNCHER, "launcher", "target/launcher-summary.json");
    }

    @Override
    void collect(JsonNode root, Path moduleDir, ResultCollector c) {
        for (JsonNode e : SummaryFiles.list(root)) {
            String evidence = SummaryFiles.text(e, "check") + ": " + SummaryFiles.text(e, "detail");
            var fault = SummaryFiles.fault(SummaryFiles.text(e, "variant"));
            var named = SummaryFiles.properties(SummaryFiles.text(e, "property"));
            boolean passed = e.path("passed").asBoolean(false);
            if (fault.isEmpty()) {
                c.fixed(named, passed, evidence);
            } else {
                c.fault(fault.get(), !passed, named, e.path("seconds").asDouble(), evidence, null);
            }
        }
    }
}
