package org.bgwcheck.gate.model;

import java.util.List;

/**
 * A counterexample as a person reads it: one lane per process (backends, postmaster, workers, and for
 * memory-model traces the memory system, where stores become visible), the steps in order, and the step at
 * which the property was seen to fail.
 */
public record Timeline(String title, List<String> lanes, List<Step> steps, int violatingStep, String verdict) {
    /** One step: the lane that acted, what it did, and optional detail (values, results). */
    public record Step(int lane, String action, String detail) {
    }

    public Timeline {
        lanes = List.copyOf(lanes);
        steps = List.copyOf(steps);
    }
}
