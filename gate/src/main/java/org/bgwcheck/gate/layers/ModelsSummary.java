package org.bgwcheck.gate.layers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;
import org.bgwcheck.gate.model.Timeline;

/**
 * Lincheck and jqwik results ({@code models/target/models-summary.json}), split by tool into two layers.
 * A counterexample, when the entry carries one, is a list of steps {process, action, detail}.
 */
final class ModelsSummary implements SummaryLayers.Reader {
    private final Layer layer;

    ModelsSummary(Layer layer) {
        this.layer = layer;
    }

    @Override
    public Layer layer() {
        return layer;
    }

    @Override
    public String module() {
        return "models";
    }

    @Override
    public LayerReport read(Path moduleDir) {
        Path file = moduleDir.resolve("target/models-summary.json");
        if (!Files.isRegularFile(file)) {
            return LayerReport.missing(layer, "no models/target/models-summary.json");
        }
        try {
            ResultCollector c = new ResultCollector(layer);
            String tool = layer == Layer.LINCHECK ? "lincheck" : "jqwik";
            for (JsonNode e : SummaryFiles.list(SummaryFiles.read(file))) {
                if (!tool.equals(SummaryFiles.text(e, "tool"))) {
                    continue;
                }
                String evidence = SummaryFiles.text(e, "check") + " (" + SummaryFiles.text(e, "mode") + "): "
                        + SummaryFiles.text(e, "verdict") + "; " + SummaryFiles.text(e, "property")
                        + reproduce(e);
                var fault = SummaryFiles.fault(SummaryFiles.text(e, "variant"));
                if ("not expressible".equals(SummaryFiles.text(e, "verdict"))) {
                    continue; // the tool says it cannot see this fault at all (e.g. a fence under SC)
                }
                boolean detected = e.path("detected").asBoolean();
                if (fault.isEmpty()) {
                    c.fixed(SummaryFiles.properties(SummaryFiles.text(e, "property")), !detected, evidence);
                } else {
                    c.fault(fault.get(), detected, e.path("seconds").asDouble(), evidence,
                            detected ? timeline(e, evidence) : null);
                }
            }
            return c.build();
        } catch (Exception ex) {
            return LayerReport.missing(layer, "unreadable " + file + ": " + ex);
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
        return new Timeline(SummaryFiles.text(e, "check") + ": " + SummaryFiles.text(e, "variant"), lanes, steps,
                steps.size() - 1, evidence);
    }
}
