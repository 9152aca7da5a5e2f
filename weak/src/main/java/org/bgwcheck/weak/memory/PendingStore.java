package org.bgwcheck.weak.memory;

/**
 * A store waiting in a process's buffer, or a signal sent after it (location -1).
 *
 * @param barrierBefore a barrier (or a lock release) stands between this entry and the ones before it:
 *                      it may not become visible before them
 * @param epoch         the registration of the slot this store was made for (ghost, for S4)
 */
record PendingStore(int location, Object value, int epoch, boolean barrierBefore, String what, Runnable signal) {
    boolean isSignal() {
        return signal != null;
    }
}
