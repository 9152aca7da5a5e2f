package org.bgwcheck.gate.layers;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.Timeline;

/**
 * jcstress results ({@code stress/target/stress-summary.json}): one entry per test, variant and backing with
 * its sample and forbidden-outcome counts. A forbidden outcome is, by construction of each test, a state in
 * which the test's properties do not hold: it detects a fault only when the fault breaks one of them. A run
 * whose jcstress status is not NORMAL, or that took no sample, proves nothing either way and fails the layer.
 */
final class StressSummary extends SummaryReader {
    StressSummary() {
        super(Layer.JCSTRESS, "stress", "target/stress-summary.json");
    }

    @Override
    void collect(JsonNode root, Path moduleDir, ResultCollector c) {
        for (JsonNode e : SummaryFiles.list(root)) {
            Set<Property> props = SummaryFiles.properties(SummaryFiles.text(e, "property"));
            long forbidden = e.path("forbidden").asLong();
            long samples = e.path("samples").asLong();
            String where = SummaryFiles.text(e, "test") + " on " + SummaryFiles.text(e, "backing") + ", "
                    + SummaryFiles.text(e, "mode") + " mode, JDK " + SummaryFiles.text(e, "jdk");
            String evidence = forbidden + " forbidden outcomes in " + samples + " samples (" + where + ")";
            var fault = SummaryFiles.fault(SummaryFiles.text(e, "variant"));
            // jcstress ran the test to its end without an error, and it sampled: otherwise the counts are void.
            boolean valid = "NORMAL".equals(SummaryFiles.text(e, "status")) && samples > 0;
            if (fault.isEmpty()) {
                c.fixed(props, valid && forbidden == 0, evidence);
            } else if (!valid) {
                c.voidRun(fault.get() + " run has no valid counts (jcstress status " + SummaryFiles.text(e, "status")
                        + "): " + evidence);
            } else {
                c.fault(fault.get(), forbidden > 0, props, e.path("seconds").asDouble(), evidence,
                        forbidden > 0 ? outcomeTimeline(e, evidence) : null);
            }
        }
    }

    /** jcstress has no trace, only the actors' programs and the outcome: draw those. */
    private static Timeline outcomeTimeline(JsonNode e, String evidence) {
        List<String> lanes = List.of("actors", "observed");
        List<Timeline.Step> steps = new java.util.ArrayList<>();
        for (JsonNode a : SummaryFiles.list(e.get("actors"))) {
            steps.add(new Timeline.Step(0, SummaryFiles.text(a, "name"), SummaryFiles.text(a, "does")));
        }
        for (JsonNode o : SummaryFiles.list(e.get("forbiddenOutcomes"))) {
            steps.add(new Timeline.Step(1, SummaryFiles.text(o, "outcome") + " x" + o.path("count").asLong(),
                    SummaryFiles.text(o, "description")));
        }
        if (steps.isEmpty()) {
            steps.add(new Timeline.Step(0, SummaryFiles.text(e, "test"), SummaryFiles.text(e, "backing")));
            steps.add(new Timeline.Step(1, e.path("forbidden").asLong() + " forbidden", SummaryFiles.text(e, "property")));
        }
        return new Timeline(SummaryFiles.text(e, "test"), lanes, steps, steps.size() - 1, evidence);
    }
}
