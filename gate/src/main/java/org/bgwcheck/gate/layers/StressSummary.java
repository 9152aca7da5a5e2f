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
 * which the named property does not hold.
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
            if (fault.isEmpty()) {
                c.fixed(props, forbidden == 0 && samples > 0, evidence);
            } else {
                boolean hit = e.path("detected").asBoolean() && forbidden > 0;
                c.fault(fault.get(), hit, e.path("seconds").asDouble(), evidence,
                        hit ? outcomeTimeline(e, evidence) : null);
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
