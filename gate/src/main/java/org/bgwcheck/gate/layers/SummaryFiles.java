package org.bgwcheck.gate.layers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Timeline;

/** Helpers shared by the summary readers: JSON loading, property names, fault names. */
final class SummaryFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** "S5", "L1", and ranges such as "S2-S6". */
    private static final Pattern PROPERTY = Pattern.compile("\\b([SLC])([1-7])(?:\\s*-\\s*\\1?([1-7]))?\\b");

    private SummaryFiles() {
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }

    /** Every property a free-text field names, ranges expanded ("S2-S6 and L3" = S2..S6, L3). */
    static Set<Property> properties(String text) {
        Set<Property> out = EnumSet.noneOf(Property.class);
        if (text == null) {
            return out;
        }
        Matcher m = PROPERTY.matcher(text);
        while (m.find()) {
            int from = Integer.parseInt(m.group(2));
            int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
            for (int i = from; i <= to; i++) {
                String name = m.group(1) + i;
                for (Property p : Property.values()) {
                    if (p.name().equals(name)) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    /** The catalogued fault a variant name denotes; empty for FIXED. Unknown names are an error. */
    static Optional<Fault> fault(String variant) {
        if ("FIXED".equals(variant)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Fault.valueOf(variant));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("summary names unknown variant '" + variant + "'", e);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /**
     * A counterexample given as a list of steps {process, action, detail}: one lane per process in order of
     * appearance, the last step the one where the property was seen to fail. Null when the entry has none.
     */
    static Timeline stepTimeline(JsonNode entry, String title, String evidence) {
        List<JsonNode> raw = list(entry.get("counterexample"));
        if (raw.isEmpty()) {
            return null;
        }
        List<String> lanes = new ArrayList<>();
        List<Timeline.Step> steps = new ArrayList<>();
        for (JsonNode s : raw) {
            String lane = text(s, "process");
            if (!lanes.contains(lane)) {
                lanes.add(lane);
            }
            steps.add(new Timeline.Step(lanes.indexOf(lane), text(s, "action"), text(s, "detail")));
        }
        return new Timeline(title, lanes, steps, steps.size() - 1, evidence);
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null) {
            array.forEach(out::add);
        }
        return out;
    }
}
