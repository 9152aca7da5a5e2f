package org.bgwcheck.weak.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bgwcheck.core.check.Violation;
import org.bgwcheck.weak.memory.MemoryModel;

/**
 * What one exploration saw: how much it explored, whether it explored everything within its bounds, and for
 * each property it saw violated, the first (shortest) counterexample.
 */
public record Exploration(String variant, MemoryModel model, Bounds bounds, long states, long transitions,
                          int depth, boolean complete, double seconds, List<Found> violations) {
    /** A violated property and the steps that lead to it, the check's finding last. */
    public record Found(Violation violation, List<Step> counterexample) {
        /** The violation, then one line per step: lane, action, and the step's memory operations. */
        public String text() {
            StringBuilder out = new StringBuilder(violation.toString()).append('\n');
            for (Step s : counterexample) {
                out.append(String.format(java.util.Locale.ROOT, "  %-11s %s%s%n", s.lane(), s.action(),
                        s.detail().isEmpty() ? "" : "   [" + s.detail() + "]"));
            }
            return out.toString();
        }
    }

    /**
     * The figures and the first counterexample as JDK types only (maps, lists, strings, numbers), so they can
     * cross a class-loader boundary and be written as JSON as they are.
     */
    public Map<String, Object> facts() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("memory_model", model.name());
        out.put("bounds", bounds.toString());
        out.put("violated", violations.stream().map(f -> f.violation().property().name()).toList());
        out.put("seconds", Math.round(seconds * 1000) / 1000.0);
        out.put("states", states);
        out.put("transitions", transitions);
        out.put("depth", depth);
        out.put("exhaustive", complete);
        out.put("summary", summary());
        List<Map<String, String>> steps = new ArrayList<>();
        if (!violations.isEmpty()) {
            Found shown = violations.get(0);
            for (Step s : shown.counterexample()) {
                steps.add(Map.of("process", s.lane(), "action", s.action(), "detail", s.detail()));
            }
            out.put("finding", shown.text());
        }
        out.put("counterexample", steps);
        return out;
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT, "%s under %s (%s): %,d states, %,d transitions, depth %d, %s, %.2f s%s",
                variant, model, bounds, states, transitions, depth, complete ? "exhaustive" : "stopped early",
                seconds, violations.isEmpty() ? "" : "; violates " + violations.stream()
                        .map(f -> f.violation().property().name()).toList());
    }
}
