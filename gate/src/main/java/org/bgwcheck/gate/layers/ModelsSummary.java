package org.bgwcheck.gate.layers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.Timeline;

/**
 * Lincheck and jqwik results ({@code models/target/models-summary.json}), split by tool into two layers.
 * A counterexample, when the entry carries one, is a list of steps {process, action, detail}.
 */
final class ModelsSummary extends SummaryReader {
    private final String tool;

    ModelsSummary(Layer layer) {
        super(layer, "models", "target/models-summary.json");
        this.tool = layer == Layer.LINCHECK ? "lincheck" : "jqwik";
    }

    @Override
    void collect(JsonNode root, Path moduleDir, ResultCollector c) {
        for (JsonNode e : SummaryFiles.list(root)) {
            if (!tool.equals(SummaryFiles.text(e, "tool"))
                    || "not expressible".equals(SummaryFiles.text(e, "verdict"))) {
                continue; // another tool's, or this tool cannot see the fault at all (e.g. a fence under SC)
            }
            String evidence = SummaryFiles.text(e, "check") + " (" + SummaryFiles.text(e, "mode") + "): "
                    + SummaryFiles.text(e, "verdict") + "; " + SummaryFiles.text(e, "property") + reproduce(e);
            var fault = SummaryFiles.fault(SummaryFiles.text(e, "variant"));
            boolean detected = e.path("detected").asBoolean();
            if (fault.isEmpty()) {
                c.fixed(SummaryFiles.properties(SummaryFiles.text(e, "property")), !detected, evidence);
            } else {
                c.fault(fault.get(), detected, e.path("seconds").asDouble(), evidence,
                        detected ? timeline(e, evidence) : null);
            }
        }
    }

    private static String reproduce(JsonNode e) {
        String r = SummaryFiles.text(e, "reproduce");
        return r.isEmpty() ? "" : "; reproduce with " + r;
    }

    private static Timeline timeline(JsonNode e, String evidence) {
        List<JsonNode> raw = SummaryFiles.list(e.get("counterexample"));
        if (raw.isEmpty()) {
            return null;
        }
        List<String> lanes = new ArrayList<>();
        List<Timeline.Step> steps = new ArrayList<>();
        for (JsonNode s : raw) {
            String lane = SummaryFiles.text(s, "process");
            if (!lanes.contains(lane)) {
                lanes.add(lane);
            }
            steps.add(new Timeline.Step(lanes.indexOf(lane), SummaryFiles.text(s, "action"), SummaryFiles.text(s, "detail")));
        }
        return new Timeline(SummaryFiles.text(e, "check") + " (" + SummaryFiles.text(e, "mode") + "): "
                + SummaryFiles.text(e, "variant"), lanes, steps,
                steps.size() - 1, evidence);
    }
}
