package org.bgwcheck.tla;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one TLC run said, read from its {@code -tool} output: each message is framed by
 * {@code @!@!@STARTMSG code:severity @!@!@} and {@code @!@!@ENDMSG code @!@!@}, and the codes tell success
 * from a violated invariant, action property or temporal property, give the statistics, and carry the
 * states of a counterexample.
 */
final class TlcOutput {
    static final int SUCCESS = 2193;
    static final int INVARIANT_VIOLATED = 2110;
    static final int INVARIANT_VIOLATED_INITIAL = 2107;
    static final int ACTION_PROPERTY_VIOLATED = 2112;
    static final int TEMPORAL_VIOLATED = 2116;
    static final int DEADLOCK = 2114;
    static final int STATS = 2199;
    static final int SIMULATION_STATS = 2210;
    static final int DEPTH = 2194;
    static final int SIMULATION_PROGRESS = 2209;
    static final int FINISHED = 2186;
    static final int TRACE_STATE = 2217;
    /** The ends of a liveness lasso, "N: Stuttering" or "N: Back to state ..." (codes vary by version). */
    static final int TRACE_LASSO_END = 2218;
    static final int TRACE_LASSO_END_OTHER = 2122;

    /** One framed message. */
    record Message(int code, int severity, String body) { }

    private static final Pattern START = Pattern.compile("@!@!@STARTMSG (\\d+):(\\d+) @!@!@");
    private static final Pattern END = Pattern.compile("@!@!@ENDMSG (\\d+) @!@!@");
    private static final Pattern NAMED_VIOLATION = Pattern.compile("(?:Invariant|Action property) (\\w+) is violated");
    private static final Pattern STATES = Pattern.compile("([\\d,]+) states generated, ([\\d,]+) distinct states found");
    private static final Pattern SIM_STATES = Pattern.compile("([\\d,]+) states generated|states generated: ([\\d,]+)");
    private static final Pattern DEPTH_TEXT = Pattern.compile("depth of the complete state graph search is (\\d+)");

    private final List<Message> messages;

    private TlcOutput(List<Message> messages) {
        this.messages = messages;
    }

    static TlcOutput parse(String output) {
        List<Message> messages = new ArrayList<>();
        Message open = null;
        StringBuilder body = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            Matcher start = START.matcher(line);
            if (start.find()) {
                open = new Message(Integer.parseInt(start.group(1)), Integer.parseInt(start.group(2)), "");
                body.setLength(0);
                continue;
            }
            if (open != null && END.matcher(line).find()) {
                messages.add(new Message(open.code(), open.severity(), body.toString().strip()));
                open = null;
                continue;
            }
            if (open != null) {
                body.append(line).append('\n');
            }
        }
        return new TlcOutput(messages);
    }

    List<Message> messages() {
        return messages;
    }

    private Optional<Message> first(int... codes) {
        for (Message m : messages) {
            for (int c : codes) {
                if (m.code() == c) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Message> last(int code) {
        Message found = null;
        for (Message m : messages) {
            if (m.code() == code) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Model checking reports success with 2193; a simulation that found nothing just finishes (2186)
     * without an error-severity message.
     */
    boolean succeeded() {
        return first(SUCCESS).isPresent()
                || (first(FINISHED).isPresent() && messages.stream().noneMatch(m -> m.severity() == 1));
    }

    /** "pass", "invariant", "action", "temporal", "deadlock" or "error". */
    String outcome() {
        if (first(INVARIANT_VIOLATED, INVARIANT_VIOLATED_INITIAL).isPresent()) {
            return "invariant";
        }
        if (first(ACTION_PROPERTY_VIOLATED).isPresent()) {
            return "action";
        }
        if (first(TEMPORAL_VIOLATED).isPresent()) {
            return "temporal";
        }
        if (first(DEADLOCK).isPresent()) {
            return "deadlock";
        }
        return succeeded() ? "pass" : "error";
    }

    /** The violated property when TLC names it (invariants and action properties). */
    Optional<String> namedViolation() {
        return first(INVARIANT_VIOLATED, INVARIANT_VIOLATED_INITIAL, ACTION_PROPERTY_VIOLATED)
                .map(m -> NAMED_VIOLATION.matcher(m.body()))
                .filter(Matcher::find)
                .map(m -> m.group(1));
    }

    /** The first error-severity message, for failure reports when TLC stopped for another reason. */
    Optional<String> firstError() {
        return messages.stream().filter(m -> m.severity() == 1).map(Message::body).findFirst();
    }

    long statesGenerated() {
        return stat(1);
    }

    long distinctStates() {
        return stat(2);
    }

    private long stat(int group) {
        Optional<Message> stats = last(STATS);
        if (stats.isPresent()) {
            Matcher m = STATES.matcher(stats.get().body());
            if (m.find()) {
                return Long.parseLong(m.group(group).replace(",", ""));
            }
        }
        Optional<Message> sim = last(SIMULATION_STATS).or(() -> last(SIMULATION_PROGRESS));
        if (sim.isPresent() && group == 1) {
            Matcher m = SIM_STATES.matcher(sim.get().body());
            if (m.find()) {
                String n = m.group(1) != null ? m.group(1) : m.group(2);
                return Long.parseLong(n.replace(",", ""));
            }
        }
        return -1;
    }

    int depth() {
        return last(DEPTH).map(m -> DEPTH_TEXT.matcher(m.body())).filter(Matcher::find)
                .map(m -> Integer.parseInt(m.group(1))).orElse(-1);
    }

    /** The counterexample's states, in order (empty when the run passed). */
    List<Message> traceMessages() {
        List<Message> trace = new ArrayList<>();
        for (Message m : messages) {
            if (m.code() == TRACE_STATE || m.code() == TRACE_LASSO_END || m.code() == TRACE_LASSO_END_OTHER) {
                trace.add(m);
            }
        }
        return trace;
    }
}
