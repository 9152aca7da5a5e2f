package org.bgwcheck.gate.layers;

import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Layer;

/**
 * The weak-memory explorer's results ({@code weak/target/weak-summary.json}): one entry per exploration of core's
 * code under one memory model. The fixed protocol passes a property only on {@code passed} (clean and
 * exhaustive); a catalogued fault is credited only through a property it breaks; a fence deleted from the code
 * ({@code FIXED-without-<site>}) that the explorer fails to catch under WEAK fails the layer; a fault or a
 * deleted fence explored under a model that cannot show it ({@code not expressible}) must merely have stayed
 * clean, which its test asserts.
 */
final class WeakSummary extends SummaryReader {
    private static final String WITHOUT = "FIXED-without-";

    WeakSummary() {
        super(Layer.WEAK, "weak", "target/weak-summary.json");
    }

    @Override
    void collect(JsonNode root, Path moduleDir, ResultCollector c) {
        for (JsonNode e : SummaryFiles.list(root)) {
            String variant = SummaryFiles.text(e, "variant");
            String verdict = SummaryFiles.text(e, "verdict");
            if ("not expressible".equals(verdict)) {
                continue;
            }
            String evidence = SummaryFiles.text(e, "check") + " under " + SummaryFiles.text(e, "memory_model")
                    + " (" + SummaryFiles.text(e, "bounds") + "): " + verdict + "; " + e.path("states").asLong()
                    + " states, " + SummaryFiles.text(e, "seconds") + " s; reproduce with "
                    + SummaryFiles.text(e, "reproduce");
            Set<Property> violated = SummaryFiles.properties(String.join(",",
                    SummaryFiles.list(e.get("violated")).stream().map(JsonNode::asText).toList()));
            if (variant.startsWith(WITHOUT)) {
                c.fixed(Set.of(), "detected".equals(verdict), "the fence " + variant.substring(WITHOUT.length())
                        + " deleted from core's code and not caught: " + evidence);
                continue;
            }
            var fault = SummaryFiles.fault(variant);
            if (fault.isEmpty()) {
                c.fixed(SummaryFiles.properties(SummaryFiles.text(e, "property")), "passed".equals(verdict), evidence);
            } else if ("detected".equals(verdict) || "not detected".equals(verdict)) {
                c.fault(fault.get(), !violated.isEmpty(), violated, e.path("seconds").asDouble(), evidence,
                        SummaryFiles.stepTimeline(e, "weak-memory explorer under "
                                + SummaryFiles.text(e, "memory_model") + ": " + variant, evidence));
            } else {
                c.voidRun(fault.get() + " exploration ended as \"" + verdict + "\": " + evidence);
            }
        }
    }
}
