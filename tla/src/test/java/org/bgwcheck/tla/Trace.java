package org.bgwcheck.tla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A counterexample in structured form for the gate's timelines: per state its number, the TLA+ action
 * that produced it, the acting process and the protocol step (from the spec's ghost variable
 * {@code lastAct} where the model records it), and the variables whose value changed.
 */
record Trace(List<State> states) {

    /** One state of a counterexample; {@code kind} is "state", "back-to-state" (a lasso) or "stuttering". */
    record State(int index, String kind, String action, String process, String step,
                 Map<String, String> changed) { }

    private static final Pattern HEADER = Pattern.compile("^(\\d+):\\s*(.*)$");
    private static final Pattern ACTION = Pattern.compile("<([^<>]*?)(?: line \\d+.*)?>");
    private static final Pattern VAR = Pattern.compile("^/\\\\ (\\w+) = (.*)$");
    private static final Pattern ACT_PROCESS = Pattern.compile("\\bp \\|-> \"?([\\w-]+)\"?");
    private static final Pattern ACT_STEP = Pattern.compile("\\ba \\|-> \"((?:[^\"\\\\]|\\\\.)*)\"");

    static Trace from(List<TlcOutput.Message> messages) {
        List<State> states = new ArrayList<>();
        Map<String, String> previous = Map.of();
        for (TlcOutput.Message m : messages) {
            String[] lines = m.body().split("\n");
            Matcher header = HEADER.matcher(lines[0].strip());
            int index = header.matches() ? Integer.parseInt(header.group(1)) : states.size() + 1;
            String rest = header.matches() ? header.group(2) : lines[0];
            // Told by the text: the message codes of lasso ends differ between TLC versions.
            String kind = rest.startsWith("Stuttering") ? "stuttering"
                    : rest.contains("Back to state") ? "back-to-state" : "state";
            Matcher action = ACTION.matcher(rest);
            String actionName = action.find() ? action.group(1).strip() : rest.strip();
            Map<String, String> values = variables(lines);
            Map<String, String> changed = changes(previous, values);
            String lastAct = values.getOrDefault("lastAct", "");
            String step = find(ACT_STEP, lastAct);
            String process = find(ACT_PROCESS, lastAct);
            if (index > 1 && (step == null || step.equals("Init"))) {
                // No ghost record (liveness models): the step is unknown, the process is inferred.
                step = null;
                process = inferProcess(actionName, changed);
            }
            if (index == 1) {
                process = null;
            }
            states.add(new State(index, kind, actionName, process, step, changed));
            if (!values.isEmpty()) {
                previous = values;
            }
        }
        return new Trace(states);
    }

    private static final Set<String> POSTMASTER_ACTIONS = Set.of("Scan", "Prefetch", "ScanFree", "Launch",
            "RestartInterval", "ForgetCrashed", "ForgetTerminated", "ForgetUnstarted", "WorkerExit", "WorkerCrash",
            "CrashReset", "Shutdown");
    private static final Pattern PER_PROCESS_KEY = Pattern.compile("^(?:bs|buf)\\[\"?([\\w-]+)\"?\\]$");

    /** The postmaster for its actions; else the one process whose own entries changed, if only one did. */
    static String inferProcess(String action, Map<String, String> changed) {
        if (POSTMASTER_ACTIONS.contains(action)) {
            return "pm";
        }
        Set<String> processes = new TreeSet<>();
        for (String key : changed.keySet()) {
            Matcher m = PER_PROCESS_KEY.matcher(key);
            if (m.matches()) {
                processes.add(m.group(1));
            }
        }
        return processes.size() == 1 ? processes.iterator().next() : null;
    }

    /**
     * The variables that differ from the previous state; of a function-valued variable only the entries
     * that differ, as {@code name[key]} (a removed entry shows as null).
     */
    static Map<String, String> changes(Map<String, String> previous, Map<String, String> values) {
        Map<String, String> changed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String before = previous.get(e.getKey());
            if (e.getValue().equals(before)) {
                continue;
            }
            Optional<Map<String, String>> oldEntries =
                    before == null ? Optional.empty() : TlaValue.functionEntries(before);
            Optional<Map<String, String>> newEntries = TlaValue.functionEntries(e.getValue());
            if (oldEntries.isPresent() && newEntries.isPresent()) {
                Map<String, String> o = oldEntries.get();
                Map<String, String> n = newEntries.get();
                n.forEach((k, v) -> {
                    if (!v.equals(o.get(k))) {
                        changed.put(e.getKey() + "[" + k + "]", v);
                    }
                });
                o.keySet().stream().filter(k -> !n.containsKey(k))
                        .forEach(k -> changed.put(e.getKey() + "[" + k + "]", null));
            } else {
                changed.put(e.getKey(), e.getValue());
            }
        }
        return changed;
    }

    /** The "/\ name = value" lines of a state; a value may continue over several lines. */
    private static Map<String, String> variables(String[] lines) {
        Map<String, String> values = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            Matcher var = VAR.matcher(lines[i]);
            if (var.matches()) {
                if (name != null) {
                    values.put(name, normalise(value));
                }
                name = var.group(1);
                value.setLength(0);
                value.append(var.group(2));
            } else if (name != null) {
                value.append(' ').append(lines[i].strip());
            }
        }
        if (name != null) {
            values.put(name, normalise(value));
        }
        return values;
    }

    private static String normalise(StringBuilder value) {
        return value.toString().replaceAll("\\s+", " ").strip();
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    String toJson() {
        Json.Array array = Json.array();
        for (State s : states) {
            Json.Object changed = Json.object();
            s.changed().forEach(changed::put);
            array.add(Json.object()
                    .put("index", s.index())
                    .put("kind", s.kind())
                    .put("action", s.action())
                    .put("process", s.process())
                    .put("step", s.step())
                    .put("changed", changed));
        }
        return array.toString();
    }
}
