package org.bgwcheck.launcher.postmaster;

import java.util.ArrayList;
import java.util.List;

import org.bgwcheck.core.check.QuiescentInvariants;
import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.postmaster.RegisteredWorker;
import org.bgwcheck.core.shmem.SlotMemory;

/**
 * The quiescent invariants the live postmaster checks on its {@code check} command and after each
 * crash-restart: core's {@link QuiescentInvariants}, all of them, in one place so that the command,
 * the soak and the unit test that breaks each one on purpose run exactly the same composition.
 */
public final class QuiescentCheck {

    private QuiescentCheck() {
    }

    /**
     * S5 (parallel accounting), S6 (capacity), S2/S4 (shared memory mirrors the private list), S7
     * (the private list holds only sanitized strings). Meaningful only at a quiescent point.
     */
    public static List<Violation> violations(SlotMemory slots, List<RegisteredWorker> listed, int maxWorkerProcesses,
                                             int maxParallelWorkers) {
        List<Violation> violations = new ArrayList<>();
        violations.addAll(QuiescentInvariants.parallelAccounting(slots, maxParallelWorkers));
        violations.addAll(QuiescentInvariants.capacity(slots, maxWorkerProcesses));
        violations.addAll(QuiescentInvariants.mirror(slots, listed));
        violations.addAll(QuiescentInvariants.sanitizedStrings(listed));
        return violations;
    }
}
