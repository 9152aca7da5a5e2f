package org.bgwcheck.core.postmaster;

/**
 * How the postmaster finds the private-list entry of a slot. Not a fault: both decide the same; they differ
 * in cost, which the benchmarks compare side by side.
 */
public enum WorkerLookup {
    /** An index from slot number to entry: the scan is linear in max_worker_processes (the default). */
    SLOT_INDEX,
    /** C's FindRegisteredWorkerBySlotNumber, a walk of the list: the scan is quadratic. */
    LIST_SEARCH
}
