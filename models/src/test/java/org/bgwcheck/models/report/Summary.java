package org.bgwcheck.models.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code target/models-summary.json}: one entry per check run in this test JVM, for the gate. The file is
 * rewritten whole after every entry, so it is complete and valid JSON whenever the run stops. Its fields are
 * described in the module's README.
 */
public final class Summary {
    /** Which tool ran a check. */
    public enum Tool { LINCHECK, JQWIK }

    /** How the tool explored: {@code stress}, {@code model-checking}, {@code stateful} or {@code fuzz}. */
    public enum Mode {
        STRESS, MODEL_CHECKING, STATEFUL, PROPERTY, FUZZ, NOT_EXPRESSIBLE;

        String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What the check concluded. */
    public enum Verdict {
        /** The fixed protocol satisfied the property. */
        PASSED,
        /** The fixed protocol violated the property: a real failure. */
        FAILED,
        /** The fault made the property fail, as it must. */
        DETECTED,
        /** The fault went unnoticed within the budget: a failure of this layer. */
        NOT_DETECTED,
        /** The fault is invisible to a tool that assumes sequential consistency. */
        NOT_EXPRESSIBLE,
        /**
         * The check did not conclude: the tool aborted, or the test threw instead of judging the property. It
         * says nothing about the variant, and the gate counts it as a failure of the layer.
         */
        ERROR;

        String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * One step of a counterexample, as the gate draws it: the process (a lane of the timeline) that acted, what
     * it did, and the values it saw. The last step of a counterexample is where the property was seen to fail.
     */
    public record Step(String process, String action, String detail) {
        /** The process of a counterexample's last step: the check that saw the property fail. */
        public static final String CHECK = "check";
    }

    /**
     * One check.
     *
     * @param tries          jqwik tries, or Lincheck scenarios (iterations) explored
     * @param seed           jqwik's seed; for Lincheck, whose scenario generator has a fixed seed, null
     * @param reproduce      what reproduces the run: options, profile, seed
     * @param counterexample for a falsified check, the run that falsified it (shrunk, for jqwik); else empty
     */
    public record Entry(String check, Tool tool, Mode mode, String variant, String property, Verdict verdict,
                        double seconds, long tries, String seed, String reproduce, List<Step> counterexample) {
        public Entry {
            counterexample = List.copyOf(counterexample);
        }

        boolean detected() {
            return verdict == Verdict.DETECTED;
        }
    }

    private static final List<Entry> ENTRIES = new ArrayList<>();

    private Summary() {
    }

    public static synchronized void record(Entry e) {
        ENTRIES.add(e);
        System.out.printf(Locale.ROOT, "[models-summary] %s %s %s/%s: %s in %.2f s (%d tries%s) %s%n", e.check(),
                e.variant(), e.tool().name().toLowerCase(Locale.ROOT), e.mode().json(), e.verdict().json(),
                e.seconds(), e.tries(), e.seed() == null ? "" : ", seed " + e.seed(), e.reproduce());
        write();
    }

    private static void write() {
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < ENTRIES.size(); i++) {
            Entry e = ENTRIES.get(i);
            json.append("  {")
                    .append(field("check", e.check())).append(", ")
                    .append(field("tool", e.tool().name().toLowerCase(Locale.ROOT))).append(", ")
                    .append(field("mode", e.mode().json())).append(", ")
                    .append(field("variant", e.variant())).append(", ")
                    .append(field("property", e.property())).append(", ")
                    .append("\"detected\": ").append(e.detected()).append(", ")
                    .append(field("verdict", e.verdict().json())).append(", ")
                    .append("\"seconds\": ").append(String.format(Locale.ROOT, "%.3f", e.seconds())).append(", ")
                    .append("\"tries\": ").append(e.tries()).append(", ")
                    .append("\"seed\": ").append(e.seed() == null ? "null" : quote(e.seed())).append(", ")
                    .append(field("reproduce", e.reproduce())).append(", ")
                    .append("\"counterexample\": ").append(steps(e.counterexample()))
                    .append(i + 1 < ENTRIES.size() ? "},\n" : "}\n");
        }
        json.append("]\n");
        Path file = Path.of(System.getProperty("basedir", "."), "target", "models-summary.json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    private static String steps(List<Step> steps) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            json.append(i == 0 ? "\n    {" : ",\n    {").append(field("process", s.process())).append(", ")
                    .append(field("action", s.action())).append(", ").append(field("detail", s.detail())).append('}');
        }
        return json.append(steps.isEmpty() ? "]" : "\n  ]").toString();
    }

    private static String field(String name, String value) {
        return quote(name) + ": " + quote(value);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
