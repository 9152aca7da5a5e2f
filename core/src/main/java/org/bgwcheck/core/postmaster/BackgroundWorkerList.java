package org.bgwcheck.core.postmaster;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code BackgroundWorkerList}: the postmaster's private list of registered workers, indexed by shared
 * memory slot. C searches its singly-linked list for every in-use slot on every scan
 * ({@code FindRegisteredWorkerBySlotNumber}), which is quadratic in {@code max_worker_processes}; the index
 * makes the scan linear without changing what it decides.
 *
 * <p>Static registrations live in {@link #pending} until {@code BackgroundWorkerShmemInit} gives them slots.
 */
final class BackgroundWorkerList {
    private final RegisteredWorker[] bySlot;
    private final List<RegisteredWorker> pending = new ArrayList<>();
    private int size;

    BackgroundWorkerList(int maxWorkerProcesses) {
        bySlot = new RegisteredWorker[maxWorkerProcesses];
    }

    /** RegisterBackgroundWorker's push: a static worker, placed in a slot at the next shared-memory init. */
    void addUnplaced(RegisteredWorker rw) {
        pending.add(rw);
    }

    /** A worker copied from its slot by BackgroundWorkerStateChange. */
    void add(RegisteredWorker rw) {
        bySlot[rw.shmemSlot] = rw;
        size++;
    }

    /** FindRegisteredWorkerBySlotNumber. */
    RegisteredWorker findBySlot(int slot) {
        return bySlot[slot];
    }

    RegisteredWorker findByPid(int pid) {
        for (RegisteredWorker rw : bySlot) {
            if (rw != null && rw.pid == pid) {
                return rw;
            }
        }
        return null;
    }

    void remove(RegisteredWorker rw) {
        if (bySlot[rw.shmemSlot] == rw) {
            bySlot[rw.shmemSlot] = null;
            size--;
        }
    }

    /** A snapshot in slot order (pending first), so callers may forget workers while they iterate. */
    List<RegisteredWorker> snapshot() {
        List<RegisteredWorker> out = new ArrayList<>(pending.size() + size);
        out.addAll(pending);
        for (RegisteredWorker rw : bySlot) {
            if (rw != null) {
                out.add(rw);
            }
        }
        return out;
    }

    /** Every worker, emptied out of the index: BackgroundWorkerShmemInit re-places them all. */
    List<RegisteredWorker> takeAllForReplacement() {
        List<RegisteredWorker> all = snapshot();
        pending.clear();
        java.util.Arrays.fill(bySlot, null);
        size = 0;
        return all;
    }

    int size() {
        return size + pending.size();
    }
}
