package org.bgwcheck.launcher.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.bgworker.InternalBgWorkers;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.report.ReportText;
import org.bgwcheck.launcher.support.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The soak's random sessions are valid scripts that a correct cluster always lets finish: at least
 * one pause, labels unique, and {@code wait_shutdown} only on a worker the session terminated or one
 * that finishes by itself. Over many sessions every kind of step, stale-handle probes included, occurs.
 */
class SessionGeneratorTest {

    @Test
    void sessionsAreValidAndNeverWaitForAWorkerThatCannotStop() {
        Random random = TestProfile.random("sessionsAreValidAndNeverWaitForAWorkerThatCannotStop");
        SessionGenerator generator = new SessionGenerator(Variant.FIXED, 45_000);
        Set<String> ops = new HashSet<>();
        int staleProbes = 0;
        for (int i = 0; i < 2_000; i++) {
            SessionScript script = SessionScript.decode(generator.next("i1.b" + i, random).encode());
            Map<String, Boolean> finishes = new HashMap<>();
            Set<String> terminated = new HashSet<>();
            Set<String> stopped = new HashSet<>();
            int pauses = 0;
            for (ReportLine step : script.steps()) {
                ops.add(step.tag());
                String label = step.get("as");
                switch (step.tag()) {
                    case "register" -> {
                        assertTrue(label.startsWith("i1.b" + i + ".w"), label);
                        finishes.put(label, InternalBgWorkers.NOOP.equals(ReportText.decode(step.get("function"))));
                    }
                    case "terminate" -> {
                        staleProbes += stopped.contains(label) ? 1 : 0;
                        terminated.add(label);
                    }
                    case "wait_shutdown" -> {
                        assertTrue(terminated.contains(label) || finishes.get(label),
                                "session " + i + " waits for \"" + label + "\" to stop without terminating it:\n" + script);
                        stopped.add(label);
                    }
                    case "pause" -> pauses++;
                    default -> { }
                }
            }
            assertTrue(pauses >= 1, "a session without a pause never reaches a quiescent point");
        }
        assertTrue(ops.containsAll(Set.of("register", "wait_startup", "status", "terminate", "wait_shutdown", "pause")),
                ops.toString());
        assertTrue(staleProbes > 0, "no terminate on a stopped handle in 2000 sessions");
    }
}
