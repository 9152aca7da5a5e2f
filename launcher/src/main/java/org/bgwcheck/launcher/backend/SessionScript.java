package org.bgwcheck.launcher.backend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.launcher.report.ReportLine;

/**
 * What a backend does in its session: the startup data of a BACKEND child launched by the
 * postmaster loop (a real backend's session would come from its client; this one's is written in
 * advance). UTF-8 text, one step per line in report-line form; the first line is the header:
 *
 * <pre>
 * bgwcheck-session version=1 variant=FIXED wait_budget_ms=120000
 * register as=w1 parallel=true start=consistent_state restart=-1 function=WaitForTerminateWorkerMain notify=true
 * wait_startup as=w1          WaitForBackgroundWorkerStartup
 * status as=w1                GetBackgroundWorkerPid
 * terminate as=w1             TerminateBackgroundWorker
 * wait_shutdown as=w1         WaitForBackgroundWorkerShutdown
 * hold_interrupts             HOLD_INTERRUPTS: a SIGTERM now waits for resume_interrupts
 * resume_interrupts           RESUME_INTERRUPTS + CHECK_FOR_INTERRUPTS
 * pause                       report "paused", wait for a client message (the latch), go on
 * crash status=3              exit at once with this status (an abnormal backend exit)
 * scribble seed=7 rounds=1 damage=noise   go rogue: write over the slot array without the lock
 *                             (RogueScribbler; damage optional: random), then wake the postmaster
 *                             (PMSignal) so that it meets the damage at once
 * </pre>
 *
 * Steps on a label whose registration was refused are skipped (reported as such). The session
 * ends, with exit status 0, after the last step.
 */
public final class SessionScript {

    public static final String HEADER = "bgwcheck-session";
    static final String REGISTER = "register";
    static final Set<String> HANDLE_OPS = Set.of("wait_startup", "wait_shutdown", "status", "terminate");
    static final Set<String> PLAIN_OPS = Set.of("hold_interrupts", "resume_interrupts", "pause", "crash", "scribble");
    private static final byte[] MAGIC = (HEADER + " ").getBytes(StandardCharsets.US_ASCII);

    private final String variant;
    private final long waitBudgetMillis;
    private final List<ReportLine> steps;

    private SessionScript(String variant, long waitBudgetMillis, List<ReportLine> steps) {
        this.variant = variant;
        this.waitBudgetMillis = waitBudgetMillis;
        this.steps = List.copyOf(steps);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String variant() {
        return variant;
    }

    /** How long one wait on the latch may last before the backend reports an L1 failure (0: none). */
    public long waitBudgetMillis() {
        return waitBudgetMillis;
    }

    public List<ReportLine> steps() {
        return steps;
    }

    /** True if this startup data is a session script (anything else is a phase-1 opaque blob). */
    public static boolean isScript(byte[] data) {
        if (data.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    public byte[] encode() {
        StringBuilder text = new StringBuilder();
        text.append(ReportLine.of(HEADER).with("version", 1).with("variant", variant)
                .with("wait_budget_ms", waitBudgetMillis)).append('\n');
        for (ReportLine step : steps) {
            text.append(step).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException with the line number and reason for anything malformed */
    public static SessionScript decode(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        ReportLine header = ReportLine.parse(lines[0]);
        if (header == null || !header.tag().equals(HEADER) || !"1".equals(header.get("version"))) {
            throw new IllegalArgumentException("line 1: expected \"" + HEADER + " version=1 ...\"");
        }
        String variant = header.get("variant") == null ? Variant.FIXED.name() : header.get("variant");
        Variant.parse(variant); // refuses unknown names with the list of good ones
        long budget;
        try {
            budget = header.get("wait_budget_ms") == null ? 0 : Long.parseLong(header.get("wait_budget_ms"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line 1: wait_budget_ms must be a number");
        }
        List<ReportLine> steps = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            ReportLine step = ReportLine.parse(lines[i]);
            String where = "line " + (i + 1) + ": ";
            if (step == null) {
                throw new IllegalArgumentException(where + "not a step: \"" + lines[i] + "\"");
            }
            try {
                if (step.tag().equals(REGISTER)) {
                    WorkerSpec spec = WorkerSpec.fromLine(step);
                    if (!labels.add(spec.label())) {
                        throw new IllegalArgumentException("label \"" + spec.label() + "\" registered twice");
                    }
                } else if (HANDLE_OPS.contains(step.tag())) {
                    String label = required(step, "as");
                    if (!labels.contains(label)) {
                        throw new IllegalArgumentException(step.tag() + " on \"" + label + "\", which is not registered before");
                    }
                } else if (step.tag().equals("scribble")) {
                    String seed = required(step, "seed");
                    String rounds = required(step, "rounds");
                    try {
                        Long.parseLong(seed);
                        Integer.parseInt(rounds);
                        if (step.get("damage") != null) {
                            RogueScribbler.Damage.valueOf(step.get("damage").toUpperCase(java.util.Locale.ROOT));
                        }
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("scribble: bad seed, rounds or damage: " + e.getMessage());
                    }
                } else if (!PLAIN_OPS.contains(step.tag())) {
                    throw new IllegalArgumentException("unknown step \"" + step.tag() + "\"");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            steps.add(step);
        }
        return new SessionScript(variant, budget, steps);
    }

    static String required(ReportLine line, String key) {
        String value = line.get(key);
        if (value == null) {
            throw new IllegalArgumentException(line.tag() + ": missing " + key + "=");
        }
        return value;
    }

    /** Builds a script step by step. */
    public static final class Builder {
        private String variant = Variant.FIXED.name();
        private long waitBudgetMillis = 120_000;
        private final List<ReportLine> steps = new ArrayList<>();

        public Builder variant(Variant v) {
            variant = v.name();
            return this;
        }

        public Builder waitBudgetMillis(long millis) {
            waitBudgetMillis = millis;
            return this;
        }

        public Builder register(WorkerSpec spec) {
            steps.add(spec.toLine());
            return this;
        }

        public Builder waitStartup(String label) {
            return handleOp("wait_startup", label);
        }

        public Builder waitShutdown(String label) {
            return handleOp("wait_shutdown", label);
        }

        public Builder status(String label) {
            return handleOp("status", label);
        }

        public Builder terminate(String label) {
            return handleOp("terminate", label);
        }

        public Builder holdInterrupts() {
            steps.add(ReportLine.of("hold_interrupts"));
            return this;
        }

        public Builder resumeInterrupts() {
            steps.add(ReportLine.of("resume_interrupts"));
            return this;
        }

        /** Report {@code paused tag=<tag>} and wait for a client message. */
        public Builder pause(String tag) {
            steps.add(ReportLine.of("pause").with("tag", tag));
            return this;
        }

        /** The rogue backend's step: {@code rounds} rounds of random damage to the slot array, seeded. */
        public Builder scribble(long seed, int rounds) {
            steps.add(ReportLine.of("scribble").with("seed", seed).with("rounds", rounds));
            return this;
        }

        /** The rogue backend's step with one kind of damage (RogueScribbler.Damage, any case). */
        public Builder scribble(long seed, int rounds, String damage) {
            steps.add(ReportLine.of("scribble").with("seed", seed).with("rounds", rounds).with("damage", damage));
            return this;
        }

        public Builder crash(int status) {
            steps.add(ReportLine.of("crash").with("status", status));
            return this;
        }

        private Builder handleOp(String op, String label) {
            steps.add(ReportLine.of(op).with("as", label));
            return this;
        }

        public SessionScript build() {
            // Round-trip through the parser, so a builder can never produce what a backend refuses.
            SessionScript script = new SessionScript(variant, waitBudgetMillis, steps);
            return decode(script.encode());
        }
    }
}
