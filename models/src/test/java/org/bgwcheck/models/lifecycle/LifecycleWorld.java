package org.bgwcheck.models.lifecycle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.HandleStatus;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.check.QuiescentInvariants;
import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.sim.WaitWouldHangException;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.WorkerSettings;
import org.bgwcheck.models.cluster.ModelSide;
import org.bgwcheck.models.cluster.SimulatedSide;
import org.bgwcheck.models.cluster.WaitOutcome;
import org.bgwcheck.models.cluster.WorkerKind;

/**
 * The state of one lifecycle run: the same cluster twice, as the real protocol ({@link SimulatedSide}) and as the
 * reference model ({@link ModelSide}), every step applied to both. Handles are kept in pairs (the real one, the
 * model's one) with the backend that holds them, so the two sides may number generations differently (a
 * generation that starts near 2^64) and still be compared call by call.
 *
 * <p>Each step that both sides answer is compared at once; everything else is compared by the invariants, after
 * every step: all handles' statuses, the running workers, S5, S6, L3, the waiters' wake-ups (L1) and, once the
 * postmaster has settled, the agreement of its private list with shared memory and of the slots in use with the
 * model's registrations (L2: no slot leaks).
 */
public final class LifecycleWorld {
    /** Three slots, two of them for parallel workers: small enough that slots are reused and limits bite. */
    public static final WorkerSettings SETTINGS = new WorkerSettings(3, 2);
    static final int MAX_BACKENDS = 3;

    /**
     * A handle as each side issued it, and the backend process holding it: its pid and which process of that pid
     * (pids are reused, and a new process does not inherit the old one's handles).
     */
    record Held(int ordinal, int backend, int incarnation, WorkerKind kind, BackgroundWorkerHandle real,
                BackgroundWorkerHandle model) {
        @Override
        public String toString() {
            return "handle #" + ordinal + " " + real + " of a " + kind + " worker, held by backend " + backend;
        }
    }

    /**
     * A backend asleep on its latch in WaitForBackgroundWorkerStartup (or, {@code forShutdown},
     * WaitForBackgroundWorkerShutdown) for {@code handle}, and how many times SIGUSR1 had set its latch when it
     * went to sleep. It wakes only when its latch is set again; it then reads the status and returns, or sleeps
     * again.
     */
    private record Waiter(Held handle, boolean forShutdown, int wakeupsWhenAsleep) {
        @Override
        public String toString() {
            return "backend " + handle.backend() + " in WaitForBackgroundWorker" + (forShutdown ? "Shutdown" : "Startup")
                    + "(" + handle + ")";
        }
    }

    private final SimulatedSide real;
    private final ModelSide model;
    private final List<Held> handles = new ArrayList<>();
    private final Set<Held> terminated = new HashSet<>();
    private final List<Waiter> waiters = new ArrayList<>();
    /** Which process currently has each backend pid: the number of backends started before it. */
    private final Map<Integer, Integer> incarnations = new HashMap<>();
    private int backendsStarted;
    private boolean shutdownRequested;
    private boolean fastShutdownRequested;
    private boolean settled = true;

    /** A world whose postmaster starts in {@code initial}: STARTUP or HOT_STANDBY (recovery), or RUN. */
    public LifecycleWorld(Variant variant, SlotMemoryKind memory, PmState initial, int counterStart,
                          long generationStart) {
        this.real = new SimulatedSide(variant, memory, SETTINGS, initial, counterStart, generationStart);
        this.model = new ModelSide(SETTINGS, initial);
    }

    // --- who is there ----------------------------------------------------------------------------------------

    /** Handles whose backend is alive: a dead backend's handles went with its memory. */
    List<Held> liveHandles() {
        return handles.stream().filter(this::holderAlive).toList();
    }

    private boolean holderAlive(Held h) {
        return real.liveBackends().contains(h.backend())
                && incarnations.get(h.backend()) == h.incarnation();
    }

    private boolean mayStartBackends() {
        return !shutdownRequested && real.liveBackends().size() < MAX_BACKENDS;
    }

    /** A live backend that is not asleep in a wait, and so can call into bgworker.c. */
    private boolean awake(int pid) {
        return real.liveBackends().contains(pid) && waiters.stream().noneMatch(w -> w.handle().backend() == pid);
    }

    // --- steps ----------------------------------------------------------------------------------------------

    // Steps name backends by pid, handles by number and workers by slot, and do nothing when that names no one
    // (see LifecycleActions).

    /** A backend process starts with {@code pid}, which an exited backend may have had before. */
    void startBackend(int pid) {
        if (!mayStartBackends() || real.liveBackends().contains(pid)) {
            return;
        }
        real.startBackend(pid);
        model.startBackend(pid);
        incarnations.put(pid, backendsStarted++);
    }

    /** RegisterDynamicBackgroundWorker on both sides: both refuse, or both give the same slot. */
    void register(int backend, WorkerKind kind) {
        if (!awake(backend)) {
            return;
        }
        settled = false;
        Optional<BackgroundWorkerHandle> r = real.register(backend, kind.worker());
        Optional<BackgroundWorkerHandle> m = model.register(backend, kind.worker());
        if (r.isPresent() != m.isPresent() || (r.isPresent() && r.get().slot() != m.get().slot())) {
            throw new AssertionError("model disagrees: RegisterDynamicBackgroundWorker(" + kind + ") by backend "
                    + backend + " returned " + r + ", the model " + m);
        }
        r.ifPresent(h -> handles.add(new Held(handles.size() + 1, backend, incarnations.get(backend), kind, h,
                m.get())));
    }

    /**
     * TerminateBackgroundWorker on both sides, by backend {@code backend} with handle #{@code ordinal}: its holder,
     * or another backend it passed the handle to (as handles are passed through shared memory), so that a worker
     * can be terminated while its registrant sleeps in a wait.
     */
    void terminate(int backend, int ordinal) {
        if (!awake(backend) || ordinal > handles.size() || !holderAlive(handles.get(ordinal - 1))) {
            return;
        }
        Held h = handles.get(ordinal - 1);
        settled = false;
        terminated.add(h);
        real.terminate(h.real());
        model.terminate(h.model());
    }

    void settle() {
        real.settle();
        model.settle();
        settled = true;
    }

    void workerExits(int slot, int exitCode) {
        real.workerExits(slot, exitCode);
        model.workerExits(slot, exitCode);
        settled = true;
    }

    void advanceTimeSeconds(int seconds) {
        real.advanceTimeMicros(seconds * 1_000_000L);
        model.advanceTimeMicros(seconds * 1_000_000L);
    }

    void forkFails() {
        real.failNextLaunches(1);
        model.failNextLaunches(1);
    }

    void backendExits(int pid) {
        if (!real.liveBackends().contains(pid)) {
            return;
        }
        real.backendExits(pid);
        model.backendExits(pid);
        settled = true;
    }

    /** SIGINT to the postmaster, also after a smart shutdown (an impatient administrator). */
    void fastShutdown() {
        if (fastShutdownRequested) {
            return;
        }
        shutdownRequested = true;
        fastShutdownRequested = true;
        real.fastShutdown();
        model.fastShutdown();
        settled = true;
    }

    void smartShutdown() {
        if (shutdownRequested) {
            return;
        }
        shutdownRequested = true;
        real.smartShutdown();
        model.smartShutdown();
        settled = true;
    }

    void consistentStateReached() {
        real.consistentStateReached();
        model.consistentStateReached();
        settled = true;
    }

    void recoveryFinished() {
        real.recoveryFinished();
        model.recoveryFinished();
        settled = true;
    }

    /**
     * The holder of handle #{@code ordinal} calls WaitForBackgroundWorkerStartup (or Shutdown): it returns at once
     * if the status already answers it, or else the backend goes to sleep on its latch until a later step wakes
     * it (see {@link #waitersAreWoken()}). A backend waits for one thing at a time.
     */
    void waitFor(int ordinal, boolean forShutdown) {
        if (ordinal > handles.size() || !holderAlive(handles.get(ordinal - 1))) {
            return;
        }
        Held h = handles.get(ordinal - 1);
        if (awake(h.backend()) && !WaitOutcome.ends(real.status(h.real()), forShutdown)) {
            waiters.add(new Waiter(h, forShutdown, real.backend(h.backend()).wakeups()));
        }
    }

    // --- invariants, checked after every step --------------------------------------------------------------

    /**
     * Every handle a live backend holds, stale or current, reports what the model reports (S3 as the model
     * states it). A dead backend's handles are out of reach: after the postmaster has exited, a registration it
     * never noticed stays "not yet started" in shared memory, where the model releases it; nobody can ask.
     */
    void handlesAgreeWithTheModel() {
        for (Held h : liveHandles()) {
            WorkerStatus r = real.status(h.real());
            WorkerStatus m = model.status(h.model());
            if (!r.equals(m)) {
                throw new AssertionError("model disagrees (S3 handle safety): GetBackgroundWorkerPid(" + h + ") = "
                        + r + ", the model says " + m);
            }
        }
    }

    void runningWorkersAgreeWithTheModel() {
        if (!real.runningPids().equals(model.runningPids())) {
            throw new AssertionError("model disagrees: worker processes running " + real.runningPids()
                    + ", the model has " + model.runningPids());
        }
    }

    void parallelAccounting() {
        fail(QuiescentInvariants.parallelAccounting(real.cluster().shm(), SETTINGS.maxParallelWorkers()));
    }

    void capacity() {
        fail(QuiescentInvariants.capacity(real.cluster().shm(), SETTINGS.maxWorkerProcesses()));
    }

    void notifications() {
        fail(real.cluster().notificationViolations());
    }

    /**
     * L1, while the run goes on: a sleeping waiter whose answer has come was woken (SIGUSR1 set its latch), since
     * otherwise it sleeps through its answer; one that was woken and finds no answer yet goes back to sleep.
     * Waits at the end ({@link #everyWaitIsAnswered()}) cannot see a lost wake-up: by then the status answers at
     * once.
     */
    void waitersAreWoken() {
        for (ListIterator<Waiter> it = waiters.listIterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (!holderAlive(w.handle())) {
                it.remove();
                continue;
            }
            WorkerStatus now = real.status(w.handle().real());
            int wakeups = real.backend(w.handle().backend()).wakeups();
            boolean woken = wakeups > w.wakeupsWhenAsleep();
            if (WaitOutcome.ends(now, w.forShutdown())) {
                if (!woken) {
                    throw new AssertionError(Property.L1 + " violated (" + Property.L1.statement() + "): " + w
                            + " sleeps on its latch, but the status now answers " + now + " and no SIGUSR1 woke it");
                }
                it.remove();
            } else if (woken) {
                it.set(new Waiter(w.handle(), w.forShutdown(), wakeups));
            }
        }
    }

    /**
     * L2, no slot leaks: once the postmaster has noticed everything, the slots in use are exactly the model's
     * registrations (a terminated or finished worker's slot is back).
     */
    void slotsInUseAgreeWithTheModel() {
        if (!settled || real.cluster().postmaster().hasExited()) {
            return;
        }
        int inUse = 0;
        for (int slot = 0; slot < SETTINGS.maxWorkerProcesses(); slot++) {
            inUse += real.cluster().shm().inUse(slot) ? 1 : 0;
        }
        if (inUse != model.liveRegistrations()) {
            throw new AssertionError(Property.L2 + " violated (" + Property.L2.statement() + "): " + inUse
                    + " slots in use, the model has " + model.liveRegistrations() + " registrations");
        }
    }

    /**
     * Once the postmaster has noticed everything, its private list and shared memory agree (S2, S4); after it has
     * exited, nobody reads either.
     */
    void postmasterMirrorsSharedMemory() {
        if (settled && !real.cluster().postmaster().hasExited()) {
            fail(QuiescentInvariants.mirror(real.cluster().shm(), real.cluster().postmaster().registeredWorkers()));
        }
    }

    // --- liveness, at the end -------------------------------------------------------------------------------

    /**
     * L1 and L2, from the end state: every live backend waits for the startup of each worker it registered and
     * gets an answer; for each one it asked to terminate it then waits for shutdown and gets STOPPED. Liveness
     * assumes that a recovery ends: a worker whose start time never comes has a waiter that waits for ever, in
     * PostgreSQL too.
     */
    void everyWaitIsAnswered() {
        recoveryFinished();
        for (Held h : liveHandles()) {
            var backend = real.backend(h.backend());
            try {
                backend.waitForStartup(h.real());
                if (terminated.contains(h)) {
                    WorkerStatus s = backend.waitForShutdown(h.real());
                    if (s.status() != HandleStatus.STOPPED) {
                        throw new AssertionError(Property.L2 + " violated: WaitForBackgroundWorkerShutdown(" + h
                                + ") after TerminateBackgroundWorker answered " + s);
                    }
                }
            } catch (WaitWouldHangException e) {
                throw new AssertionError(Property.L1 + " violated (" + Property.L1.statement() + "): "
                        + e.getMessage(), e);
            }
        }
        notifications();
    }

    private static void fail(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() == 1 ? violations.get(0).toString() : violations.toString());
        }
    }

    @Override
    public String toString() {
        return real.cluster().describe() + "; handles " + handles;
    }
}
