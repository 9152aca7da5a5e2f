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
    private final boolean searchLikeC;
    private int size;

    BackgroundWorkerList(int maxWorkerProcesses, WorkerLookup lookup) {
        bySlot = new RegisteredWorker[maxWorkerProcesses];
        searchLikeC = lookup == WorkerLookup.LIST_SEARCH;
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
        if (searchLikeC) {
            // Walk the entries as C walks its list; same answer, O(n) per call.
            for (RegisteredWorker rw : bySlot) {
                if (rw != null && rw.shmemSlot == slot) {
                    return rw;
                }
            }
            return null;
        }
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
