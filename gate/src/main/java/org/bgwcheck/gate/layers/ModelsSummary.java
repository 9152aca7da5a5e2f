package org.bgwcheck.gate.layers;

import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.Timeline;

/**
 * Lincheck and jqwik results ({@code models/target/models-summary.json}), split by tool into two layers.
 * A counterexample, when the entry carries one, is a list of steps {process, action, detail}. The entry's
 * {@code verdict} decides, failing closed: a fixed-protocol check passed only if it says {@code passed}, a fault
 * was seen only if it says {@code detected}; any other verdict on a fault run is a run that did not complete.
 */
final class ModelsSummary extends SummaryReader {
    private final String tool;

    /** Lincheck's tests live in their own package; every other test of the module is jqwik's or the report's. */
    @Override
    boolean owns(String testClass) {
        return testClass.startsWith("org.bgwcheck.models.lincheck.") == (tool.equals("lincheck"));
    }

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
            String verdict = SummaryFiles.text(e, "verdict");
            Set<Property> named = SummaryFiles.properties(SummaryFiles.text(e, "property"));
            if (fault.isEmpty()) {
                c.fixed(named, "passed".equals(verdict), evidence);
            } else if ("detected".equals(verdict)) {
                c.fault(fault.get(), true, named, e.path("seconds").asDouble(), evidence, timeline(e, evidence));
            } else if ("not detected".equals(verdict)) {
                c.fault(fault.get(), false, Set.of(), e.path("seconds").asDouble(), evidence, null);
            } else {
                c.voidRun(fault.get() + " run ended as \"" + verdict + "\": " + evidence);
            }
        }
    }

    private static String reproduce(JsonNode e) {
        String r = SummaryFiles.text(e, "reproduce");
        return r.isEmpty() ? "" : "; reproduce with " + r;
    }

    private static Timeline timeline(JsonNode e, String evidence) {
        return SummaryFiles.stepTimeline(e, SummaryFiles.text(e, "check") + " (" + SummaryFiles.text(e, "mode")
                + "): " + SummaryFiles.text(e, "variant"), evidence);
    }
}
