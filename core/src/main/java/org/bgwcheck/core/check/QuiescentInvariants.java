package org.bgwcheck.core.check;

import java.util.ArrayList;
import java.util.List;

import org.bgwcheck.core.postmaster.RegisteredWorker;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.CStrings;

/**
 * The safety properties that must hold whenever no operation is in flight, checked from shared memory and
 * the postmaster's private list alone (no model needed). Every layer that can reach a quiescent point uses
 * these same checks, so a property means one thing everywhere.
 */
public final class QuiescentInvariants {
    private QuiescentInvariants() {
    }

    /**
     * S5: register - terminate (mod 2^32) equals the number of in-use parallel slots, and that number never
     * exceeds max_parallel_workers.
     */
    public static List<Violation> parallelAccounting(SlotMemory shm, int maxParallelWorkers) {
        List<Violation> out = new ArrayList<>();
        int live = inUseParallel(shm);
        int active = shm.parallelRegisterCount() - shm.parallelTerminateCount();
        if (active != live) {
            out.add(new Violation(Property.S5, "parallel_register_count "
                    + Integer.toUnsignedString(shm.parallelRegisterCount()) + " - parallel_terminate_count "
                    + Integer.toUnsignedString(shm.parallelTerminateCount()) + " = "
                    + Integer.toUnsignedString(active) + " (mod 2^32), but " + live
                    + " parallel registrations are in use"));
        }
        if (live > maxParallelWorkers) {
            out.add(new Violation(Property.S5, live + " parallel registrations are in use, more than"
                    + " max_parallel_workers = " + maxParallelWorkers));
        }
        return out;
    }

    /** The number of in-use slots holding a parallel registration. */
    public static int inUseParallel(SlotMemory shm) {
        int live = 0;
        for (int s = 0; s < shm.capacity(); s++) {
            if (shm.inUse(s) && BgwFlags.isParallel(shm.workerFlags(s))) {
                live++;
            }
        }
        return live;
    }

    /** S6: at most max_worker_processes registrations, and total_slots says so. */
    public static List<Violation> capacity(SlotMemory shm, int maxWorkerProcesses) {
        List<Violation> out = new ArrayList<>();
        if (shm.totalSlots() != maxWorkerProcesses) {
            out.add(new Violation(Property.S6, "total_slots is " + shm.totalSlots() + ", max_worker_processes "
                    + maxWorkerProcesses));
        }
        return out;
    }

    /**
     * S2/S4 at rest: after the postmaster has noticed every change, shared memory and its private list agree:
     * each listed worker's slot is in use and shows the listed pid (or "not started" / 0), and each in-use
     * slot is listed.
     */
    public static List<Violation> mirror(SlotMemory shm, List<RegisteredWorker> listed) {
        List<Violation> out = new ArrayList<>();
        boolean[] seen = new boolean[shm.capacity()];
        for (RegisteredWorker rw : listed) {
            int s = rw.shmemSlot();
            seen[s] = true;
            if (!shm.inUse(s)) {
                out.add(new Violation(Property.S4, "postmaster lists " + rw + " but slot " + s + " is free"));
            } else if (rw.pid() != 0 && shm.pid(s) != rw.pid()) {
                out.add(new Violation(Property.S4, "slot " + s + " shows pid " + shm.pid(s) + " but its worker"
                        + " runs as pid " + rw.pid()));
            }
        }
        for (int s = 0; s < shm.capacity(); s++) {
            if (shm.inUse(s) && !seen[s]) {
                out.add(new Violation(Property.S2, "slot " + s + " is in use but the postmaster does not list it"));
            }
        }
        return out;
    }

    /** S7: every string the postmaster passes on is terminated (shorter than BGW_MAXLEN) and ASCII. */
    public static List<Violation> sanitizedStrings(List<RegisteredWorker> listed) {
        List<Violation> out = new ArrayList<>();
        for (RegisteredWorker rw : listed) {
            var w = rw.worker();
            for (String s : List.of(w.name(), w.type(), w.libraryName(), w.functionName())) {
                if (!CStrings.isSafe(s)) {
                    out.add(new Violation(Property.S7, "postmaster passes on an unsafe string (" + s.length()
                            + " chars): \"" + escape(s) + "\""));
                }
            }
        }
        return out;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}
