package org.bgwcheck.tla;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The verdict on one model: what TLC did, judged against what the model file expects, and the line it
 * contributes to {@code target/tla-summary.json}.
 */
record RunReport(TlcRunner.Result result, String outcome, String property, int expectedExit,
                 Path tracePath, int traceLength) {

    static final int EXIT_SAFETY = 12;
    static final int EXIT_LIVENESS_OR_ACTION = 13;

    /** Reads the result, and writes the counterexample (if any) as JSON into traceDir. */
    static RunReport of(TlcRunner.Result result, Path traceDir) throws IOException {
        TlcOutput out = result.output();
        String outcome = out.outcome();
        String property = out.namedViolation().orElseGet(() -> temporalName(result.model(), outcome));
        Path tracePath = null;
        int length = 0;
        if (!out.traceMessages().isEmpty()) {
            Trace trace = Trace.from(out.traceMessages());
            length = trace.states().size();
            Files.createDirectories(traceDir);
            tracePath = traceDir.resolve(result.model().name() + ".json");
            Files.writeString(tracePath, trace.toJson());
        }
        return new RunReport(result, outcome, property, expectedExit(result.model().expected(), outcome),
                tracePath, length);
    }

    /**
     * TLC does not name the temporal property it refutes: a model that expects a liveness violation
     * checks exactly one property, which is then the one violated.
     */
    private static String temporalName(ModelFile model, String outcome) {
        if (!outcome.equals("temporal")) {
            return null;
        }
        return model.properties().size() == 1 ? model.properties().get(0) : "temporal";
    }

    private static int expectedExit(ModelFile.Expectation expected, String outcome) {
        if (expected.pass()) {
            return 0;
        }
        return outcome.equals("invariant") ? EXIT_SAFETY : EXIT_LIVENESS_OR_ACTION;
    }

    boolean asExpected() {
        ModelFile.Expectation expected = result.model().expected();
        if (expected.pass()) {
            return outcome.equals("pass") && result.exitCode() == 0;
        }
        return expected.property().equals(property) && result.exitCode() == expectedExit;
    }

    /** A failure message that says everything needed to start looking. */
    String failureMessage() {
        ModelFile m = result.model();
        List<String> parts = new ArrayList<>();
        parts.add("model " + m.name() + " (variant " + m.variant() + ", memModel " + m.memModel() + ")");
        parts.add("expected " + m.expected() + " (exit " + expectedExit + ")");
        parts.add("got " + describeActual() + " (exit " + result.exitCode() + ")");
        if (tracePath != null) {
            parts.add("trace " + tracePath + " (" + traceLength + " states)");
        }
        Optional<String> error = result.output().firstError();
        if (outcome.equals("error") && error.isPresent()) {
            parts.add("TLC said: " + error.get().lines().limit(6).reduce((a, b) -> a + " / " + b).orElse(""));
        }
        parts.add("TLC output " + result.log());
        return String.join("; ", parts);
    }

    String describeActual() {
        return switch (outcome) {
            case "pass" -> "pass";
            case "invariant", "action", "temporal" -> "violated " + property + " (" + outcome + ")";
            default -> outcome;
        };
    }

    String progressLine() {
        ModelFile m = result.model();
        return String.format(Locale.ROOT, "[tla] %-44s %-8s %-44s %12d states %10d distinct %7.1f s  %s",
                m.name(), m.memModel(), m.variant(), result.output().statesGenerated(),
                result.output().distinctStates(), result.seconds(), asExpected() ? "ok" : "UNEXPECTED: " + describeActual());
    }

    Json.Object toJson(Path base) {
        ModelFile m = result.model();
        return model(m, base)
                .put("actual", outcome)
                .put("property", property)
                .put("asExpected", asExpected())
                .put("exitCode", result.exitCode())
                .put("statesGenerated", result.output().statesGenerated())
                .put("distinctStates", result.output().distinctStates())
                .put("depth", result.output().depth())
                .put("seconds", Math.round(result.seconds() * 10) / 10.0)
                .put("workers", m.workers())
                .put("trace", tracePath == null ? null : base.relativize(tracePath.toAbsolutePath()).toString())
                .put("traceLength", traceLength);
    }

    /**
     * The summary's entry for a model whose run has not reached TLC's verdict (not started yet, timed out, TLC
     * could not be started, its output could not be read): {@code actual} is {@code error}, and {@code detail}
     * says why. The gate counts it as a failure, so a model that did not finish cannot drop out of the summary.
     */
    static Json.Object unfinished(ModelFile m, Path base, double seconds, String why) {
        return model(m, base)
                .put("actual", "error")
                .put("property", null)
                .put("asExpected", false)
                .put("seconds", Math.round(seconds * 10) / 10.0)
                .put("detail", why);
    }

    /** What the summary says of the model itself, whatever became of its run. */
    private static Json.Object model(ModelFile m, Path base) {
        return Json.object()
                .put("model", m.name())
                .put("file", base.relativize(m.path().toAbsolutePath()).toString())
                .put("tier", m.tier())
                .put("mode", m.mode())
                .put("variant", m.variant())
                .put("memModel", m.memModel())
                .put("backends", m.constants().get("Backends"))
                .put("slots", m.constants().get("NSlots"))
                .put("generations", m.constants().get("MaxGen"))
                .put("expected", m.expected().toString());
    }
}
