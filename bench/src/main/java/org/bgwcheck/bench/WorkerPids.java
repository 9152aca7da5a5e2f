package org.bgwcheck.bench;

import org.bgwcheck.core.env.WorkerProcesses;
import org.bgwcheck.core.worker.BackgroundWorker;

/**
 * The benchmarks' fork: hands out pids counting up and remembers which slot each went to, so that a
 * benchmark can make the worker of a slot exit. Nothing is started; the cost is an increment and a store.
 */
final class WorkerPids implements WorkerProcesses {
    static final int FIRST_PID = 5000;

    private final int[] pidBySlot;
    private int nextPid = FIRST_PID;

    WorkerPids(int slots) {
        pidBySlot = new int[slots];
    }

    @Override
    public int launch(BackgroundWorker worker, int slot) {
        int pid = nextPid++;
        if (nextPid == Integer.MAX_VALUE) {
            nextPid = FIRST_PID; // long runs wrap, as pids do; the old ones exited long ago
        }
        pidBySlot[slot] = pid;
        return pid;
    }

    /** The pid of the last worker launched for {@code slot}. */
    int pidOf(int slot) {
        return pidBySlot[slot];
    }
}
