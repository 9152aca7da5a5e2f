package org.bgwcheck.weak;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

import org.bgwcheck.weak.WeakSummary.Verdict;
import org.bgwcheck.weak.explore.Bounds;

/** The verdict rules every test of this module applies to an exploration's facts, recorded before asserting. */
final class Explorations {
    private Explorations() {
    }

    static String reproduce(String variant, String model, Bounds b) {
        return "bin/explore " + variant + " " + model + " " + b.backends() + " " + b.slots() + " "
                + b.generations() + " " + b.maxParallelWorkers();
    }

    @SuppressWarnings("unchecked")
    private static List<String> violated(Map<String, Object> facts) {
        return (List<String>) facts.get("violated");
    }

    /** Must violate nothing and explore everything: the fixed protocol, or a fault its memory model cannot show. */
    static void mustStayClean(String check, String variant, List<String> checked, Map<String, Object> facts,
                              boolean expressible, String reproduce) {
        boolean clean = violated(facts).isEmpty() && Boolean.TRUE.equals(facts.get("exhaustive"));
        Verdict verdict = clean ? (expressible ? Verdict.PASSED : Verdict.NOT_EXPRESSIBLE) : Verdict.FAILED;
        WeakSummary.record(check, variant, checked, facts, verdict, reproduce);
        if (!clean) {
            fail(variant + " must violate nothing under " + facts.get("memory_model") + " and be explored"
                    + " exhaustively: " + facts.get("summary") + "\n" + facts.getOrDefault("finding", "")
                    + "\nreproduce: " + reproduce);
        }
    }

    /** Must violate one of {@code declared}, and nothing else, before the budget ends. */
    static void mustDetect(String check, String variant, List<String> declared, Map<String, Object> facts,
                           String reproduce) {
        List<String> violated = violated(facts);
        boolean detected = violated.stream().anyMatch(declared::contains)
                && declared.containsAll(violated);
        WeakSummary.record(check, variant, declared, facts, detected ? Verdict.DETECTED : Verdict.NOT_DETECTED,
                reproduce);
        if (!detected) {
            fail(variant + " under " + facts.get("memory_model") + " must violate one of " + declared
                    + " and nothing else, but violated " + violated + ": " + facts.get("summary") + "\n"
                    + facts.getOrDefault("finding", "") + "\nreproduce: " + reproduce);
        }
    }
}
