package org.bgwcheck.bench;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.DynamicBackgroundWorkers;
import org.bgwcheck.core.backend.InProcessBackgroundWorkerLock;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.env.ProcessSignals;
import org.bgwcheck.core.env.Signal;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.Postmaster;
import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.WorkerSettings;
import org.openjdk.jmh.annotations.CompilerControl;

/**
 * Backends doing register, terminate and status round trips on a shared slot array of PostgreSQL's default
 * size ({@code max_worker_processes = 8}), through the real {@link DynamicBackgroundWorkers} and the real
 * {@link InProcessBackgroundWorkerLock}.
 *
 * <p>Slots come back only through the postmaster, so the real postmaster code recycles them: the backend
 * that finds the array full runs one postmaster turn (BackgroundWorkerStateChange, which releases every
 * terminated-before-listed slot at once, and the reaping of workers it told to exit). With one backend that
 * is one postmaster turn per {@value #SLOTS} round trips, and it is part of what a round trip costs. Only
 * one thread is the postmaster at a time ({@link #postmasterTurn}); it takes none of the backends' locks.
 * The signal to the postmaster itself ({@code SendPostmasterSignal}) is left out: it would be a system call
 * that a JVM thread does not pay.
 */
final class RoundTripCluster {
    /** PostgreSQL's default max_worker_processes. */
    static final int SLOTS = 8;
    static final int BACKEND_PID = 1000;
    /** A registration as an extension prepares it once and reuses it: type set, never restarted. */
    static final BackgroundWorker WORKER = BackgroundWorker.named("bench worker").withType("bench");

    private final DynamicBackgroundWorkers backends;
    private final Postmaster postmaster;
    private final ReentrantLock postmasterTurn = new ReentrantLock();
    private final PidQueue toReap = new PidQueue(SLOTS);

    RoundTripCluster(SlotMemoryKind kind, Variant variant) {
        SlotMemory shm = kind.create(SLOTS);
        WorkerSettings settings = new WorkerSettings(SLOTS, SLOTS);
        ProcessSignals signals = this::kill;
        postmaster = new Postmaster(shm, settings, variant, BenchEnvironment.of(signals, new WorkerPids(SLOTS)),
                WorkerLookup.SLOT_INDEX);
        postmaster.start(PmState.RUN);
        postmaster.backendStarted(BACKEND_PID);
        backends = new DynamicBackgroundWorkers(shm, new InProcessBackgroundWorkerLock(), () -> { }, settings,
                variant);
    }

    /**
     * RegisterDynamicBackgroundWorker, TerminateBackgroundWorker, GetBackgroundWorkerPid: the lock is taken
     * three times (exclusive, exclusive, shared), which is what {@link LockFloor} repeats with nothing inside.
     */
    WorkerStatus roundTrip() {
        Optional<BackgroundWorkerHandle> registered;
        // One call site for the registration, however many times the array is found full.
        while ((registered = backends.registerDynamicWorker(WORKER)).isEmpty()) {
            recycleSlots();
        }
        BackgroundWorkerHandle handle = registered.get();
        backends.terminate(handle);
        return backends.getWorkerPid(handle);
    }

    /**
     * One postmaster turn, unless another backend is taking it right now. Kept out of line: it is another
     * process's work, taken once per {@value #SLOTS} round trips, and inlined it would crowd the backend's
     * operations out of the JIT's inlining budget.
     */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private void recycleSlots() {
        if (!postmasterTurn.tryLock()) {
            Thread.onSpinWait();
            return;
        }
        try {
            postmaster.handleBackgroundWorkerChange();
            while (!toReap.isEmpty()) {
                postmaster.childExited(toReap.poll(), 1); // bgworker_die: SIGTERM ends a worker with exit 1
            }
        } finally {
            postmasterTurn.unlock();
        }
    }

    /**
     * With two backends the postmaster may list and launch a worker between its registration and its
     * terminate; the next turn then sends it SIGTERM, and the worker exits. Called only by the postmaster.
     */
    private void kill(int pid, Signal signal) {
        if (signal == Signal.SIGTERM) {
            toReap.add(pid);
        }
    }

    /** A growable FIFO of pids without boxing; the postmaster's thread only. */
    private static final class PidQueue {
        private int[] pids;
        private int head;
        private int tail;

        PidQueue(int capacity) {
            pids = new int[capacity];
        }

        void add(int pid) {
            if (tail == pids.length) {
                int n = tail - head;
                int[] to = 2 * n > pids.length ? new int[2 * pids.length] : pids;
                System.arraycopy(pids, head, to, 0, n);
                pids = to;
                head = 0;
                tail = n;
            }
            pids[tail++] = pid;
        }

        boolean isEmpty() {
            return head == tail;
        }

        int poll() {
            int pid = pids[head++];
            if (head == tail) {
                head = 0;
                tail = 0;
            }
            return pid;
        }
    }
}
