package org.bgwcheck.gate;

import java.util.List;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.gate.model.Timeline;

/** Small hand-built counterexamples for rendering tests. */
final class GateFixtures {
    private GateFixtures() {
    }

    static Timeline timeline(Fault f) {
        return new Timeline(f + " sample", List.of("postmaster", "backend 1000", "memory"), List.of(
                new Timeline.Step(1, "RegisterDynamicBackgroundWorker", "slot 0 gen 2"),
                new Timeline.Step(0, "ForgetBackgroundWorker: pid = 0", "store buffered"),
                new Timeline.Step(0, "in_use = false", ""),
                new Timeline.Step(2, "in_use = false visible", ""),
                new Timeline.Step(1, "register: slot 0 pid = InvalidPid", ""),
                new Timeline.Step(2, "pid = 0 visible", "clobbers the new registration")), 5,
                "S4 violated: slot 0 of gen 2 shows pid 0");
    }
}
