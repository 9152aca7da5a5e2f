package org.bgwcheck.gate.layers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.Timeline;

/**
 * TLC results ({@code tla/target/tla-summary.json} and the traces in {@code tla/target/tla-traces/}). The
 * properties a model checks are the INVARIANT and PROPERTY names of its .cfg file; each TLA+ name states one
 * DESIGN.md property (see the comments in tla/spec), mapped here. A name without a mapping makes the layer
 * unreadable, so a new TLA+ property cannot silently drop out of the tables.
 */
final class TlaSummary extends SummaryReader {
    /** TLA+ definition name to the DESIGN.md property it states; TypeOK states none. */
    static final Map<String, Set<Property>> NAMES = Map.ofEntries(
            Map.entry("TypeOK", Set.of()),
            Map.entry("Publication", Set.of(Property.S1)),
            Map.entry("Ownership", Set.of(Property.S2)),
            Map.entry("HandleSafety", Set.of(Property.S3)),
            Map.entry("NoClobber", Set.of(Property.S4)),
            Map.entry("ParallelAccounting", Set.of(Property.S5)),
            Map.entry("ParallelLimit", Set.of(Property.S5)),
            Map.entry("Capacity", Set.of(Property.S6)),
            Map.entry("WaitersAnswered", Set.of(Property.L1)),
            Map.entry("NoSlotLeak", Set.of(Property.L2)),
            Map.entry("TerminateStops", Set.of(Property.L2)),
            Map.entry("NotifyOnlyRequester", Set.of(Property.L3)),
            Map.entry("LaunchConsistent", Set.of(Property.C3)),
            Map.entry("CrashRestarts", Set.of(Property.C3)));

    /** The outcomes in which TLC refuted a named property. */
    private static final Set<String> VIOLATIONS = Set.of("invariant", "action", "temporal");

    TlaSummary() {
        super(Layer.TLA, "tla", "target/tla-summary.json");
    }

    @Override
    void collect(JsonNode root, Path moduleDir, ResultCollector c) throws IOException {
        for (JsonNode m : SummaryFiles.list(root.get("models"))) {
            Set<Property> checked = EnumSet.noneOf(Property.class);
            for (String name : checkedNames(moduleDir.resolve(SummaryFiles.text(m, "file")))) {
                checked.addAll(map(name));
            }
            String actual = SummaryFiles.text(m, "actual");
            String evidence = String.format("%s: %s under %s, %s distinct states, %.1f s (expected %s)",
                    SummaryFiles.text(m, "model"), actual, SummaryFiles.text(m, "memModel"),
                    m.path("distinctStates").asText(), m.path("seconds").asDouble(), SummaryFiles.text(m, "expected"));
            var fault = SummaryFiles.fault(SummaryFiles.text(m, "variant"));
            if (fault.isEmpty()) {
                c.fixed(checked, "pass".equals(actual) && m.path("asExpected").asBoolean(), evidence + detail(m));
                continue;
            }
            String violated = SummaryFiles.text(m, "property");
            // "actual" is pass, the kind of violation TLC reported (invariant, action, temporal), or a run that
            // ended otherwise (error, deadlock, a timeout): that one says nothing about the fault.
            if ("pass".equals(actual)) {
                c.fault(fault.get(), false, Set.of(), m.path("seconds").asDouble(), evidence, null);
            } else if (VIOLATIONS.contains(actual) && !violated.isEmpty()) {
                c.fault(fault.get(), true, map(violated), m.path("seconds").asDouble(), evidence,
                        trace(moduleDir, m, fault.get(), evidence));
            } else {
                c.voidRun(fault.get() + " model ended in " + actual + (violated.isEmpty() ? "" : " of " + violated)
                        + ": " + evidence + detail(m));
            }
        }
    }

    /** What went wrong with a run that never reached TLC's verdict (tla-summary.json's {@code detail}). */
    private static String detail(JsonNode m) {
        String d = SummaryFiles.text(m, "detail");
        return d.isEmpty() ? "" : "; " + d;
    }

    private static Set<Property> map(String name) {
        Set<Property> p = NAMES.get(name);
        if (p == null) {
            throw new IllegalArgumentException("TLA+ property '" + name + "' has no DESIGN.md property mapping"
                    + " in the gate (TlaSummary.NAMES)");
        }
        return p;
    }

    /** The INVARIANT and PROPERTY names of a TLC configuration. */
    static List<String> checkedNames(Path cfg) throws IOException {
        List<String> names = new ArrayList<>();
        boolean inList = false;
        for (String raw : Files.readAllLines(cfg)) {
            String line = raw.replaceAll("\\\\\\*.*$", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            int from = 0;
            if (words[0].matches("INVARIANTS?|PROPERTY|PROPERTIES")) {
                inList = true;
                from = 1;
            } else if (words[0].matches("[A-Z_]+") && !words[0].matches(".*[a-z].*")) {
                inList = false; // another section keyword (SPECIFICATION, CONSTANTS, SYMMETRY, ...)
            }
            if (inList) {
                for (int i = from; i < words.length; i++) {
                    names.add(words[i]);
                }
            }
        }
        return names;
    }

    /** A TLC trace as lanes: each process, plus "memory" where a buffered store becomes visible. */
    private static Timeline trace(Path moduleDir, JsonNode m, Fault fault, String evidence) throws IOException {
        String rel = SummaryFiles.text(m, "trace");
        if (rel.isEmpty()) {
            return null;
        }
        Path p = moduleDir.resolve(rel);
        if (!Files.isRegularFile(p)) {
            p = moduleDir.resolve("target/tla-traces").resolve(Path.of(rel).getFileName());
        }
        if (!Files.isRegularFile(p)) {
            return null;
        }
        List<String> lanes = new ArrayList<>();
        List<Timeline.Step> steps = new ArrayList<>();
        for (JsonNode s : SummaryFiles.list(SummaryFiles.read(p))) {
            String process = SummaryFiles.text(s, "process");
            if ("none".equals(process) || "Initial predicate".equals(SummaryFiles.text(s, "action"))) {
                continue;
            }
            boolean visible = "Commit".equals(SummaryFiles.text(s, "action"));
            String lane = visible ? "memory" : process;
            if (!lanes.contains(lane)) {
                lanes.add(lane);
            }
            String label = visible ? process + "'s store visible" : SummaryFiles.text(s, "step");
            steps.add(new Timeline.Step(lanes.indexOf(lane), label, memoryChange(s.get("changed"))));
        }
        if (steps.isEmpty()) {
            return null;
        }
        return new Timeline(fault + " under " + SummaryFiles.text(m, "memModel") + " (" + SummaryFiles.text(m, "model") + ")",
                lanes, steps, steps.size() - 1, evidence + "; violates " + SummaryFiles.text(m, "property"));
    }

    /** The shared-memory locations a step changed, e.g. {@code pid[0]}. */
    private static String memoryChange(JsonNode changed) {
        if (changed == null) {
            return "";
        }
        List<String> locs = new ArrayList<>();
        for (Iterator<String> it = changed.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith("mem[")) {
                locs.add(k.replaceAll("mem\\[<<\"(\\w+)\", (\\d+)>>\\]", "$1[$2]"));
            }
        }
        return String.join(", ", locs);
    }
}
