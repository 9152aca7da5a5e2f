package org.bgwcheck.weak.explore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.BackgroundWorkerLock;
import org.bgwcheck.core.backend.HandleStatus;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.check.QuiescentInvariants;
import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.env.PostmasterSignal;
import org.bgwcheck.core.env.Signal;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.RegisteredWorker;
import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.sim.SignalRecord;
import org.bgwcheck.core.sim.SimulatedBackend;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.WorkerSettings;
import org.bgwcheck.weak.memory.BufferedSlotMemory;
import org.bgwcheck.weak.memory.MemoryModel;
import org.bgwcheck.weak.explore.Choice.Kind;

/**
 * One state of the explored system: core's real {@link org.bgwcheck.core.postmaster.Postmaster} and
 * {@link org.bgwcheck.core.backend.DynamicBackgroundWorkers} (inside a {@link SimulatedCluster}) on a
 * {@link BufferedSlotMemory}, the backends' handles, and the ghost facts the checks compare against. Each
 * {@link #apply} runs one whole protocol call (a backend operation under the lock, or one pass of the
 * postmaster's loop) or one memory event; what interleaves with what is decided by the memory events: a
 * call's stores stay buffered until the explorer makes them visible.
 *
 * <p>Checks after every step, through the same checkers the other layers use where they exist: S1 (every
 * registration the postmaster copies is the one registered there), S3 (status answers and SIGTERMs reach
 * only their handle's worker), S4 (no store lands on a later registration, at commit), and whenever no
 * store is in flight S5 and S6 ({@link QuiescentInvariants}), and at rest the mirror of S2/S4.
 */
final class World {
    private final Bounds bounds;
    private final BufferedSlotMemory memory;
    private final SimulatedCluster cluster;
    private final List<Backend> backends = new ArrayList<>();
    /** Ghost: the registration each slot was last claimed for, by name. */
    private final String[] claimedFor;
    /** Ghost: what each registration asked for, by name. */
    private final Map<String, BackgroundWorker> registered = new HashMap<>();
    /** Ghost: the registration each worker pid was launched for. */
    private final Map<Integer, String> launchedFor = new HashMap<>();
    private final Set<String> terminated = new HashSet<>();
    /** Ghost: each placed registration's canonical name, its slot and claim. */
    private final Map<String, String> labels = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private int signalsSeen;

    /** One backend: its process number in the memory, its simulated process, and the handle it holds. */
    private static final class Backend {
        final int process;
        final SimulatedBackend sim;
        Held held;
        int registrations;

        Backend(int process, SimulatedBackend sim) {
            this.process = process;
            this.sim = sim;
        }
    }

    private record Held(BackgroundWorkerHandle handle, String name, boolean terminated) {
    }

    World(Variant variant, MemoryModel model, Bounds bounds) {
        this.bounds = bounds;
        this.memory = new BufferedSlotMemory(model, bounds.slots(), bounds.backends());
        this.claimedFor = new String[bounds.slots()];
        BackgroundWorkerLock lock = new BackgroundWorkerLock() {
            @Override
            public void acquire(Mode mode) {
                memory.lockAcquired();
            }

            @Override
            public void release(Mode mode) {
                memory.lockReleased();
            }
        };
        // A backend's PMSIGNAL reaches the postmaster only after the stores it made before sending it.
        SimulatedCluster.Wiring wiring = new SimulatedCluster.Wiring(lock,
                direct -> (PostmasterSignal) () -> memory.signal("PMSIGNAL_BACKGROUND_WORKER_CHANGE",
                        direct::backgroundWorkerChange));
        this.cluster = new SimulatedCluster(memory, new WorkerSettings(bounds.slots(), bounds.maxParallelWorkers()),
                variant, WorkerLookup.SLOT_INDEX, wiring);
        memory.actAs(BufferedSlotMemory.POSTMASTER);
        cluster.startPostmaster(PmState.RUN);
        memory.drainAll(); // the backends are forked after shared memory is set up: fork orders memory
        memory.endStep(BufferedSlotMemory.POSTMASTER, true);
        for (int b = 1; b <= bounds.backends(); b++) {
            backends.add(new Backend(b, cluster.startBackend()));
        }
        memory.takeOperations();
    }

    /** Everything that can happen next, in a fixed order. */
    List<Choice> choices() {
        List<Choice> out = new ArrayList<>();
        if (lockFree()) {
            for (Backend b : backends) {
                if (b.held == null) {
                    out.add(new Choice(Kind.REGISTER, b.process, 0));
                } else {
                    if (!b.held.terminated()) {
                        out.add(new Choice(Kind.TERMINATE, b.process, 0));
                    }
                    out.add(new Choice(Kind.DROP_HANDLE, b.process, 0));
                }
            }
        }
        if (cluster.postmasterHasWork()) {
            out.add(new Choice(Kind.POSTMASTER, BufferedSlotMemory.POSTMASTER, 0));
        }
        for (int pid : cluster.runningWorkers().keySet()) {
            out.add(new Choice(Kind.WORKER_EXIT, BufferedSlotMemory.POSTMASTER, pid));
        }
        // Loads of the scan can be satisfied before its in_use load, not before the signal that starts the
        // scan arrived: the postmaster's wait for it is a system call, which orders its loads.
        Set<Integer> listed = listedNames().keySet();
        for (int s = 0; s < bounds.slots() && cluster.postmasterHasWork(); s++) {
            if (!listed.contains(s) && memory.mayLoadEarly(s)) {
                out.add(new Choice(Kind.LOAD_EARLY, BufferedSlotMemory.POSTMASTER, s));
            }
        }
        for (int[] c : memory.committable()) {
            out.add(new Choice(Kind.COMMIT, c[0], c[1]));
        }
        return out;
    }

    /** BackgroundWorkerLock can change hands only once its holder's stores are visible (LWLockRelease). */
    private boolean lockFree() {
        for (Backend b : backends) {
            if (!memory.bufferEmpty(b.process)) {
                return false;
            }
        }
        return true;
    }

    /** A state past the bounds: some slot claimed more often than the exploration's generations. */
    boolean beyondBounds() {
        for (int s = 0; s < bounds.slots(); s++) {
            if (memory.claims(s) > bounds.generations()) {
                return true;
            }
        }
        return false;
    }

    /** Takes one step and checks the properties; the violations it found are in {@link #violations()}. */
    Step apply(Choice c, boolean check) {
        violations.clear();
        Map<Integer, String> listedBefore = check ? listedNames() : Map.of();
        Step step = switch (c.kind()) {
            case REGISTER -> register(backend(c.process()));
            case TERMINATE -> terminate(backend(c.process()));
            case DROP_HANDLE -> dropHandle(backend(c.process()));
            case POSTMASTER -> postmaster(() -> cluster.runPostmaster(), "ServerLoop: signals, reaping, starts");
            case WORKER_EXIT -> postmaster(() -> cluster.exitWorker(c.arg(), 0),
                    "reaper: worker " + c.arg() + " exited with code 0");
            case LOAD_EARLY -> new Step(lane(BufferedSlotMemory.POSTMASTER), memory.loadEarly(c.arg()), "");
            case COMMIT -> new Step(Step.MEMORY, memory.commit(c.process(), c.arg()),
                    "from " + lane(c.process()) + "'s buffer");
        };
        memory.actAs(BufferedSlotMemory.OBSERVER);
        noteLaunches();
        if (!check) {
            memory.takeViolations();
            signalsSeen = cluster.signals().size();
            return step;
        }
        violations.addAll(memory.takeViolations());
        if (c.kind() == Kind.POSTMASTER || c.kind() == Kind.WORKER_EXIT) {
            checkPublication(listedBefore);
        }
        checkSignals();
        checkStatus();
        checkAtRest();
        return step;
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }

    private Backend backend(int process) {
        return backends.get(process - 1);
    }

    private static String lane(int process) {
        return process == BufferedSlotMemory.POSTMASTER ? "postmaster" : "backend " + process;
    }

    private Step register(Backend b) {
        b.registrations++;
        String name = "b" + b.process + "." + b.registrations;
        BackgroundWorker worker = BackgroundWorker.parallel(name, b.sim.pid());
        memory.actAs(b.process);
        Optional<BackgroundWorkerHandle> h = b.sim.register(worker);
        memory.endStep(b.process, false);
        h.ifPresent(handle -> {
            b.held = new Held(handle, name, false);
            claimedFor[handle.slot()] = name;
            registered.put(name, worker.withNotifyPid(b.sim.pid()));
            labels.put(name, "s" + handle.slot() + "#" + memory.claims(handle.slot()));
        });
        return new Step(lane(b.process), "RegisterDynamicBackgroundWorker(\"" + name + "\") -> "
                + h.map(Object::toString).orElse("refused"), String.join("; ", memory.takeOperations()));
    }

    private Step terminate(Backend b) {
        Held held = b.held;
        b.held = new Held(held.handle(), held.name(), true);
        terminated.add(held.name());
        memory.actAs(b.process);
        b.sim.terminate(held.handle());
        memory.endStep(b.process, false);
        return new Step(lane(b.process), "TerminateBackgroundWorker(" + held.handle() + ") of \"" + held.name()
                + "\"", String.join("; ", memory.takeOperations()));
    }

    private Step dropHandle(Backend b) {
        Held held = b.held;
        b.held = null;
        return new Step(lane(b.process), "pfree(handle of \"" + held.name() + "\")", "");
    }

    /**
     * S3: GetBackgroundWorkerPid, asked now by every backend that holds a handle, answers only the pid of
     * that handle's own worker. Asked as a check, not a step: it only loads, so it changes nothing.
     */
    private void checkStatus() {
        if (!lockFree()) {
            return;
        }
        for (Backend b : backends) {
            if (b.held == null) {
                continue;
            }
            memory.actAs(b.process);
            WorkerStatus status = cluster.api().getWorkerPid(b.held.handle());
            memory.endStep(b.process, false);
            memory.actAs(BufferedSlotMemory.OBSERVER);
            if (status.status() == HandleStatus.STARTED && !b.held.name().equals(launchedFor.get(status.pid()))) {
                violations.add(new Violation(Property.S3, "GetBackgroundWorkerPid(" + b.held.handle() + ") of \""
                        + b.held.name() + "\" answers pid " + status.pid() + ", the worker of \""
                        + launchedFor.get(status.pid()) + "\""));
            }
        }
    }

    private Step postmaster(Runnable work, String what) {
        memory.actAs(BufferedSlotMemory.POSTMASTER);
        work.run();
        memory.endStep(BufferedSlotMemory.POSTMASTER, true);
        return new Step(lane(BufferedSlotMemory.POSTMASTER), what, String.join("; ", memory.takeOperations()));
    }

    private Map<Integer, String> listedNames() {
        Map<Integer, String> out = new HashMap<>();
        for (RegisteredWorker rw : cluster.postmaster().registeredWorkers()) {
            out.put(rw.shmemSlot(), rw.worker().name());
        }
        return out;
    }

    /** S1: a registration the postmaster has just copied is exactly the one last registered in that slot. */
    private void checkPublication(Map<Integer, String> listedBefore) {
        for (RegisteredWorker rw : cluster.postmaster().registeredWorkers()) {
            int s = rw.shmemSlot();
            if (rw.worker().name().equals(listedBefore.get(s))) {
                continue;
            }
            BackgroundWorker expected = registered.get(claimedFor[s]);
            BackgroundWorker copied = rw.worker();
            if (expected == null || !copied.withNotifyPid(0).equals(expected.withNotifyPid(0))) {
                violations.add(new Violation(Property.S1, "the postmaster saw slot " + s + " in use and copied \""
                        + copied.name() + "\" (flags " + copied.flags() + "), but the registration published"
                        + " there is \"" + claimedFor[s] + "\""));
            }
        }
    }

    private void noteLaunches() {
        cluster.runningWorkers().forEach((pid, w) -> launchedFor.putIfAbsent(pid, w.name()));
    }

    /** S3: the postmaster sends SIGTERM only to workers whose own handle was terminated. */
    private void checkSignals() {
        List<SignalRecord> signals = cluster.signals();
        for (int i = signalsSeen; i < signals.size(); i++) {
            SignalRecord r = signals.get(i);
            if (r.signal() == Signal.SIGTERM && r.target() == SignalRecord.Target.WORKER
                    && !terminated.contains(launchedFor.get(r.pid()))) {
                violations.add(new Violation(Property.S3, "SIGTERM to worker " + r.pid() + " of \""
                        + launchedFor.get(r.pid()) + "\", whose handle nobody terminated"));
            }
        }
        signalsSeen = signals.size();
    }

    /** S5, S6 whenever nothing is in flight; S2/S4's mirror once the postmaster has nothing left to do. */
    private void checkAtRest() {
        if (!memory.buffersEmpty()) {
            return;
        }
        violations.addAll(QuiescentInvariants.parallelAccounting(memory, bounds.maxParallelWorkers()));
        violations.addAll(QuiescentInvariants.capacity(memory, bounds.slots()));
        if (!cluster.postmasterHasWork()) {
            violations.addAll(QuiescentInvariants.mirror(memory, cluster.postmaster().registeredWorkers()));
        }
    }

    /**
     * The state as text: equal texts have equal futures, up to renaming registrations and worker pids. Each
     * registration is named by its slot and claim ({@code s0#2}, unique in a run) and each worker pid by the
     * registration it runs, so that runs which differ only in backend counters or launch order meet.
     */
    String describeState() {
        StringBuilder out = new StringBuilder(512);
        memory.describeState(out, this::label);
        out.append("|pm ").append(cluster.postmaster().state()).append(cluster.postmasterHasWork());
        for (RegisteredWorker rw : cluster.postmaster().registeredWorkers()) {
            out.append(',').append(label(rw.worker())).append(" slot ").append(rw.shmemSlot()).append(" pid ")
                    .append(label(rw.pid())).append(" notify ").append(rw.notifyPid()).append(rw.terminate())
                    .append(rw.crashedAt());
        }
        out.append("|running");
        new java.util.TreeSet<>(cluster.runningWorkers().keySet()).forEach(pid -> out.append(',').append(label(pid)));
        for (Backend b : backends) {
            out.append("|b");
            if (b.held != null) {
                out.append(b.held.handle()).append(label(b.held.name())).append(b.held.terminated());
            }
        }
        out.append("|claimed");
        for (String name : claimedFor) {
            out.append(',').append(name == null ? "-" : label(name));
        }
        out.append("|terminated");
        terminated.stream().map(this::label).sorted().forEach(l -> out.append(',').append(l));
        return out.toString();
    }

    /** A registration (or its name) by its slot and claim; a worker pid by the registration it runs. */
    private String label(Object value) {
        if (value instanceof BackgroundWorker w) {
            return labels.getOrDefault(w.name(), w.name());
        }
        if (value instanceof Integer pid) {
            if (pid <= 0) {
                return String.valueOf(pid);
            }
            String name = launchedFor.get(pid);
            return name == null ? "pid?" + pid : "w:" + labels.getOrDefault(name, name);
        }
        if (value instanceof String name) {
            return labels.getOrDefault(name, name);
        }
        return String.valueOf(value);
    }
}
