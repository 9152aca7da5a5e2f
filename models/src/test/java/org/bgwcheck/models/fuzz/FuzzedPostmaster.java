package org.bgwcheck.models.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bgwcheck.core.check.QuiescentInvariants;
import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.env.Log;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.RegisteredWorker;
import org.bgwcheck.core.shmem.ByteBufferSlotMemory;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.CStrings;
import org.bgwcheck.core.worker.WorkerSettings;

/**
 * A running postmaster over a {@link ByteBufferSlotMemory} that a rogue backend overwrites at will. Each round
 * writes an image over shared memory, then drives every postmaster event that reads it (the scan after a
 * PMSIGNAL, start passes, the exits of whatever it started, the passing of time) and checks S7 after each one:
 * the postmaster did not throw, did not loop without bound, passed on no unterminated or non-ASCII string, and
 * logged what it refused.
 */
final class FuzzedPostmaster {
    static final int SLOTS = 4;
    private static final WorkerSettings SETTINGS = new WorkerSettings(SLOTS, 2);
    /** Shared-memory accesses one event may make; a bounded event over 4 slots makes a few hundred. */
    private static final long ACCESS_BOUND = 1_000_000;

    /** One overwrite of shared memory and what follows it. */
    record Round(ShmemImage image, List<Integer> exitCodes, int secondsPassing) {
    }

    private final ByteBufferSlotMemory raw;
    private final CountingSlotMemory shm;
    private final SimulatedCluster cluster;
    private final int backend;

    FuzzedPostmaster(Variant variant, boolean direct) {
        raw = ByteBufferSlotMemory.allocate(SLOTS, direct);
        shm = new CountingSlotMemory(raw, ACCESS_BOUND);
        cluster = new SimulatedCluster(shm, SETTINGS, variant);
        cluster.startPostmaster(PmState.RUN);
        backend = cluster.startBackend().pid();
    }

    void run(List<Round> rounds) {
        for (Round round : rounds) {
            round.image().writeTo(raw.buffer());
            Set<RegisteredWorker> listedBefore = listed();
            int logged = cluster.log().size();
            event("BackgroundWorkerStateChange", () -> cluster.postmaster().handleBackgroundWorkerChange());
            loggedWhatItRefused(round.image(), logged, listedBefore);
            event("ServerLoop", cluster::runPostmaster);
            passedOnOnlySafeStrings();
            List<Integer> running = new ArrayList<>(cluster.runningWorkers().keySet());
            Collections.sort(running);
            for (int i = 0; i < running.size(); i++) {
                int pid = running.get(i);
                int code = round.exitCodes().get(i % round.exitCodes().size());
                if (cluster.runningWorkers().containsKey(pid)) {
                    event("reaper (PID " + pid + " exit " + code + ")", () -> cluster.exitWorker(pid, code));
                }
            }
            cluster.advanceTimeMicros(round.secondsPassing() * 1_000_000L);
            event("ServerLoop", cluster::runPostmaster);
            passedOnOnlySafeStrings();
        }
    }

    private void event(String what, Runnable event) {
        shm.newEvent();
        try {
            event.run();
        } catch (RuntimeException | CountingSlotMemory.UnboundedLoop e) {
            throw new AssertionError(Property.S7 + " violated (" + Property.S7.statement() + "): " + what
                    + " failed on corrupt shared memory: " + e, e);
        }
    }

    private Set<RegisteredWorker> listed() {
        Set<RegisteredWorker> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(cluster.postmaster().registeredWorkers());
        return s;
    }

    /** Every registration the postmaster copied or launched has terminated ASCII strings. */
    private void passedOnOnlySafeStrings() {
        List<Violation> v = new ArrayList<>(QuiescentInvariants.sanitizedStrings(
                cluster.postmaster().registeredWorkers()));
        for (Map.Entry<Integer, BackgroundWorker> launched : cluster.runningWorkers().entrySet()) {
            BackgroundWorker w = launched.getValue();
            for (String s : List.of(w.name(), w.type(), w.libraryName(), w.functionName())) {
                if (!CStrings.isSafe(s)) {
                    v.add(new Violation(Property.S7, "worker PID " + launched.getKey()
                            + " was launched with an unsafe string (" + s.length() + " chars)"));
                }
            }
        }
        if (!v.isEmpty()) {
            throw new AssertionError(v.toString());
        }
    }

    /**
     * A wrong total_slots is logged (and the scan skipped); a notify pid that names no backend is logged and
     * dropped from every registration the scan copied.
     */
    private void loggedWhatItRefused(ShmemImage image, int loggedBefore, Set<RegisteredWorker> listedBefore) {
        List<SimulatedCluster.LogLine> log = cluster.log().subList(loggedBefore, cluster.log().size());
        if (image.totalSlots() != SLOTS && log.stream().noneMatch(l -> l.level() == Log.Level.LOG
                && l.message().startsWith("inconsistent background worker state"))) {
            throw new AssertionError(Property.S7 + " violated: total_slots " + image.totalSlots()
                    + " != max_worker_processes " + SLOTS + " and nothing was logged: " + log);
        }
        for (RegisteredWorker rw : cluster.postmaster().registeredWorkers()) {
            int notify = raw.workerNotifyPid(rw.shmemSlot()); // as written, stray bytes included
            if (listedBefore.contains(rw) || notify == 0 || notify == backend) {
                continue;
            }
            boolean logged = log.stream().anyMatch(l -> l.message().equals(
                    "worker notification PID " + notify + " is not valid"));
            if (rw.notifyPid() != 0 || !logged) {
                throw new AssertionError(Property.S7 + " violated: slot " + rw.shmemSlot() + " names notify pid "
                        + notify + ", no backend; the postmaster kept " + rw.notifyPid() + (logged ? "" : " and"
                        + " logged nothing"));
            }
        }
    }
}
