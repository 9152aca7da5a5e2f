package org.bgwcheck.core.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.bgwcheck.core.backend.DynamicBackgroundWorkers;
import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.backend.BackgroundWorkerLock;
import org.bgwcheck.core.backend.InProcessBackgroundWorkerLock;
import org.bgwcheck.core.env.PostmasterSignal;
import org.bgwcheck.core.env.Log;
import org.bgwcheck.core.env.Signal;
import org.bgwcheck.core.env.WorkerProcesses;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.Postmaster;
import org.bgwcheck.core.postmaster.PostmasterEnvironment;
import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.WorkerSettings;

/**
 * A whole cluster in one thread: the real protocol code ({@link Postmaster}, {@link DynamicBackgroundWorkers})
 * on a given {@link SlotMemory}, with processes, signals, time and the log simulated deterministically.
 *
 * <p>Processes react to signals as PostgreSQL's do, when {@link #runPostmaster()} delivers them: a worker
 * exits with 1 on SIGTERM (bgworker_die) and with 2 on SIGQUIT (quickdie); a backend exits with 2 on
 * SIGQUIT and ignores SIGTERM until the test ends it, so waits under a fast shutdown can be observed.
 * Worker pids count up from {@link #FIRST_WORKER_PID} in launch order, as the reference model's do.
 */
public final class SimulatedCluster {
    public static final int FIRST_BACKEND_PID = 1000;
    public static final int FIRST_WORKER_PID = 5000;
    /** The clock starts far from 0, where 0 would read as "never crashed". */
    public static final long START_TIME_MICROS = 1_000_000_000_000L;

    /**
     * How backends reach each other and the postmaster outside the slot array: their lock, and the route of
     * their PMSIGNAL. A layer that models store buffers puts its memory model between them (a lock release
     * orders the buffer, a signal becomes visible only after the stores before it).
     */
    public record Wiring(BackgroundWorkerLock lock, UnaryOperator<PostmasterSignal> postmasterSignalRoute) {
        /** A lock among threads of this JVM, and signals delivered at once. */
        public static Wiring direct() {
            return new Wiring(new InProcessBackgroundWorkerLock(), UnaryOperator.identity());
        }
    }

    /** One logged line. */
    public record LogLine(Log.Level level, String message) {
    }

    private final SlotMemory shm;
    private final Postmaster postmaster;
    private final DynamicBackgroundWorkers api;
    private final Map<Integer, SimulatedBackend> backends = new LinkedHashMap<>();
    private final Map<Integer, BackgroundWorker> workers = new LinkedHashMap<>();
    private final List<SignalRecord> signals = new ArrayList<>();
    private final List<LogLine> log = new ArrayList<>();
    private final List<TraceEvent> trace = new ArrayList<>();
    private final Deque<int[]> pendingExits = new ArrayDeque<>();
    private boolean postmasterSignalled;
    private boolean postmasterDead;
    private long now = START_TIME_MICROS;
    private int nextBackendPid = FIRST_BACKEND_PID;
    private int nextWorkerPid = FIRST_WORKER_PID;
    private int launchFailuresToInject;
    private int launches;

    public SimulatedCluster(SlotMemory shm, WorkerSettings settings, Variant variant) {
        this(shm, settings, variant, WorkerLookup.SLOT_INDEX);
    }

    public SimulatedCluster(SlotMemory shm, WorkerSettings settings, Variant variant, WorkerLookup lookup) {
        this(shm, settings, variant, lookup, Wiring.direct());
    }

    public SimulatedCluster(SlotMemory shm, WorkerSettings settings, Variant variant, WorkerLookup lookup,
                            Wiring wiring) {
        this.shm = shm;
        PostmasterEnvironment env = new PostmasterEnvironment(this::kill, this::launch, () -> now,
                (level, message) -> log.add(new LogLine(level, message)));
        this.postmaster = new Postmaster(shm, settings, variant, env, lookup);
        this.api = new DynamicBackgroundWorkers(shm, wiring.lock(),
                wiring.postmasterSignalRoute().apply(() -> postmasterSignalled = true), settings, variant);
    }

    // --- processes --------------------------------------------------------------------------------------

    /** Starts the postmaster (static workers must be registered on {@link #postmaster()} first). */
    public void startPostmaster(PmState initial) {
        record("postmaster", "start in " + initial);
        postmaster.start(initial);
        runPostmaster();
    }

    public SimulatedBackend startBackend() {
        while (backends.containsKey(nextBackendPid) || workers.containsKey(nextBackendPid)) {
            nextBackendPid++;
        }
        return startBackend(nextBackendPid++);
    }

    /** A backend with a chosen pid: pids are reused in real systems, and L3 is about exactly that. */
    public SimulatedBackend startBackend(int pid) {
        if (backends.containsKey(pid) || workers.containsKey(pid)) {
            throw new IllegalArgumentException("pid " + pid + " is in use");
        }
        SimulatedBackend b = new SimulatedBackend(pid, this, api);
        backends.put(pid, b);
        record("backend " + pid, "starts");
        postmaster.backendStarted(pid);
        return b;
    }

    /** The backend exits with {@code exitCode}; the postmaster reaps it. */
    public void exitBackend(int pid, int exitCode) {
        if (backends.remove(pid) == null) {
            throw new IllegalArgumentException("no backend has pid " + pid);
        }
        record("backend " + pid, "exits with code " + exitCode);
        postmaster.childExited(pid, exitCode);
        runPostmaster();
    }

    /** The worker exits with {@code exitCode} (0, 1, or a crash code); the postmaster reaps it. */
    public void exitWorker(int pid, int exitCode) {
        if (workers.remove(pid) == null) {
            throw new IllegalArgumentException("no running worker has pid " + pid);
        }
        record("worker " + pid, "exits with code " + exitCode);
        postmaster.childExited(pid, exitCode);
        runPostmaster();
    }

    /** The postmaster process dies (kill -9): nothing answers any more, waiters see WL_POSTMASTER_DEATH. */
    public void killPostmaster() {
        record("postmaster", "is killed");
        postmasterDead = true;
    }

    /** True once the postmaster has exited after shutdown or was killed. */
    public boolean postmasterGone() {
        return postmasterDead || postmaster.hasExited();
    }

    /** The next {@code n} worker launches fail, as a failed fork does. */
    public void failNextLaunches(int n) {
        launchFailuresToInject += n;
    }

    public void advanceTimeMicros(long micros) {
        now += micros;
    }

    // --- the postmaster's loop ----------------------------------------------------------------------------

    /**
     * Runs the postmaster until it has nothing left to do now: pending PMSIGNALs, signal-driven exits of
     * children, and its start pass. Bounded: each round either consumes an event or stops.
     */
    public void runPostmaster() {
        if (postmasterDead) {
            return;
        }
        for (int round = 0; round < 10_000; round++) {
            if (postmasterSignalled) {
                postmasterSignalled = false;
                record("postmaster", "BackgroundWorkerStateChange (scan)");
                postmaster.handleBackgroundWorkerChange();
                continue;
            }
            int[] exit = pendingExits.poll();
            if (exit != null) {
                boolean wasWorker = workers.remove(exit[0]) != null;
                boolean wasBackend = backends.remove(exit[0]) != null;
                if (wasWorker || wasBackend) {
                    record((wasWorker ? "worker " : "backend ") + exit[0], "exits with code " + exit[1]);
                    postmaster.childExited(exit[0], exit[1]);
                }
                continue;
            }
            postmaster.serverLoop();
            if (!postmasterSignalled && pendingExits.isEmpty()) {
                return;
            }
        }
        throw new IllegalStateException("simulated postmaster did not settle in 10000 rounds: " + describe());
    }

    /** True when {@link #runPostmaster()} has something to do: a PMSIGNAL, a child's exit, or a start pass. */
    public boolean postmasterHasWork() {
        return !postmasterDead && (postmasterSignalled || !pendingExits.isEmpty() || postmaster.hasPendingStarts());
    }

    /**
     * Lets time pass until no restart interval holds a start back (or a bound is reached): what a real
     * cluster does while a backend sleeps on its latch.
     */
    void letTimePass() {
        for (int i = 0; i < 100_000 && postmaster.hasPendingStarts() && !postmasterGone(); i++) {
            now += 60_000_000L;
            runPostmaster();
        }
    }

    private int launch(BackgroundWorker worker, int slot) {
        if (launchFailuresToInject > 0) {
            launchFailuresToInject--;
            record("postmaster", "launch of \"" + worker.name() + "\" (slot " + slot + ") fails");
            return WorkerProcesses.LAUNCH_FAILED;
        }
        int pid = nextWorkerPid++;
        record("postmaster", "launches \"" + worker.name() + "\" (slot " + slot + ") as pid " + pid);
        workers.put(pid, worker);
        launches++;
        return pid;
    }

    private void kill(int pid, Signal signal) {
        record("postmaster", "kill(" + pid + ", " + signal + ")");
        SimulatedBackend b = backends.get(pid);
        if (b != null) {
            signals.add(new SignalRecord(pid, signal, SignalRecord.Target.BACKEND, b.askedForNotifications()));
            switch (signal) {
                case SIGUSR1 -> b.wake();
                case SIGQUIT -> pendingExits.add(new int[] {pid, 2});
                case SIGTERM -> { } // the test decides when a backend ends
            }
            return;
        }
        if (workers.containsKey(pid)) {
            signals.add(new SignalRecord(pid, signal, SignalRecord.Target.WORKER, false));
            switch (signal) {
                case SIGTERM -> pendingExits.add(new int[] {pid, 1});
                case SIGQUIT -> pendingExits.add(new int[] {pid, 2});
                case SIGUSR1 -> { }
            }
            return;
        }
        signals.add(new SignalRecord(pid, signal, SignalRecord.Target.NO_SUCH_PROCESS, false));
    }

    /**
     * Appends a step to the trace; backends and tests use it for what the cluster cannot see itself.
     * Synchronized because concurrent tools (Lincheck) may drive several backends at once.
     */
    public synchronized void record(String process, String action) {
        trace.add(new TraceEvent(trace.size() + 1, process, action));
    }

    // --- observations -----------------------------------------------------------------------------------

    public Postmaster postmaster() {
        return postmaster;
    }

    public DynamicBackgroundWorkers api() {
        return api;
    }

    public SlotMemory shm() {
        return shm;
    }

    /** Running worker processes: pid to the registration they were launched with. */
    public Map<Integer, BackgroundWorker> runningWorkers() {
        return Collections.unmodifiableMap(workers);
    }

    public List<SignalRecord> signals() {
        return Collections.unmodifiableList(signals);
    }

    /** Every step so far: the counterexample when a property fails. */
    public synchronized List<TraceEvent> trace() {
        return List.copyOf(trace);
    }

    public List<LogLine> log() {
        return Collections.unmodifiableList(log);
    }

    /**
     * L3: SIGUSR1 reached a backend process that never asked for notifications (a stale notify pid that
     * a new process inherited).
     */
    public List<Violation> notificationViolations() {
        List<Violation> out = new ArrayList<>();
        for (SignalRecord r : signals) {
            if (r.signal() == Signal.SIGUSR1 && r.target() == SignalRecord.Target.BACKEND && !r.targetAsked()) {
                out.add(new Violation(Property.L3, "SIGUSR1 to backend " + r.pid()
                        + ", a process that never asked to be notified (stale notify pid)"));
            }
        }
        return out;
    }

    public int launches() {
        return launches;
    }

    public long now() {
        return now;
    }

    /** One line describing the world, for failure messages. */
    public String describe() {
        return "postmaster " + postmaster.state() + (postmaster.inCrashRecovery() ? " (crash recovery)" : "")
                + ", backends " + backends.keySet() + ", workers " + workers.keySet() + ", registered "
                + postmaster.registeredWorkers() + ", pending exits " + pendingExits.size()
                + ", pending starts " + postmaster.hasPendingStarts();
    }
}
