package org.bgwcheck.models.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.jqwik.api.lifecycle.FalsifiedSample;
import net.jqwik.api.state.ActionChain;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.models.report.Summary.Step;

/**
 * A shrunk jqwik sample as the steps of a timeline. An action chain contributes its steps, each described as
 * {@code "<process>: <what it does>"} (the process becomes the lane); any other parameter (a fuzzed image, a
 * counter start) is shown as an input; the last step is the failed check with the violation it reported.
 */
final class JqwikCounterexample {
    static final String INPUT = "input";
    private static final Pattern INVARIANT = Pattern.compile("Invariant '([^']+)' failed");
    /** Long values (a fuzzed slot image) are cut: the timeline is for reading, the full sample is printed. */
    private static final int MAX_DETAIL = 240;

    private JqwikCounterexample() {
    }

    static List<Step> of(FalsifiedSample sample) {
        List<Step> steps = new ArrayList<>();
        for (Object parameter : sample.parameters()) {
            if (parameter instanceof ActionChain<?> chain) {
                chain.transformations().forEach(t -> steps.add(chainStep(t)));
            } else if (!(parameter instanceof Variant)) {
                steps.add(new Step(INPUT, "generated", cut(String.valueOf(parameter))));
            }
        }
        String message = sample.falsifyingError().map(JqwikCounterexample::message).orElse("property falsified");
        Matcher m = INVARIANT.matcher(message);
        steps.add(new Step(Step.CHECK, m.find() ? "invariant '" + m.group(1) + "' fails" : "property fails",
                cut(lastLine(message))));
        return steps;
    }

    static Step chainStep(String description) {
        int colon = description.indexOf(": ");
        return colon < 0 ? new Step("test", description, "")
                : new Step(description.substring(0, colon), description.substring(colon + 2), "");
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The violation is the last thing an invariant's message says (after the steps and the final state). */
    static String lastLine(String message) {
        String[] lines = message.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return message;
    }

    private static String cut(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "…";
    }
}
