package org.bgwcheck.bench;

import org.bgwcheck.core.env.WorkerProcesses;
import org.bgwcheck.core.worker.BackgroundWorker;

/**
 * The benchmarks' fork: hands out pids counting up and remembers, per slot, the pid and the registration
 * the child was started with, so that a benchmark can make the worker of a slot exit. Keeping the
 * registration matters: a real launch hands it to the child, and a launcher that dropped it would let the
 * JIT drop the postmaster's work of building it. Nothing is started; the cost is a counter and two stores.
 */
final class WorkerPids implements WorkerProcesses {
    static final int FIRST_PID = 5000;

    private final int[] pidBySlot;
    private final BackgroundWorker[] startedWith;
    private int nextPid = FIRST_PID;

    WorkerPids(int slots) {
        pidBySlot = new int[slots];
        startedWith = new BackgroundWorker[slots];
    }

    @Override
    public int launch(BackgroundWorker worker, int slot) {
        int pid = nextPid++;
        if (nextPid == Integer.MAX_VALUE) {
            nextPid = FIRST_PID; // long runs wrap, as pids do; the old ones exited long ago
        }
        pidBySlot[slot] = pid;
        startedWith[slot] = worker;
        return pid;
    }

    /** The pid of the last worker launched for {@code slot}. */
    int pidOf(int slot) {
        return pidBySlot[slot];
    }
}
