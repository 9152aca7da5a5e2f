package org.bgwcheck.bench;

import org.bgwcheck.core.shmem.OrderingSite;

/**
 * The variant mechanism's pattern, alone: BackgroundWorkerStateChange's loop over the slots with its read
 * barrier after each in-use slot, once guarded by a {@code final boolean} instance field exactly as
 * {@code PostmasterWorkerSlots} guards it ({@code if (scanFence) ...}), once with no guard at all, as a
 * build without variants would have it. The two differ by one field load, compare and branch per in-use
 * slot and by nothing else, which the folding comparison cannot say of itself.
 */
final class FlagPattern {
    static final int SLOTS = 512;

    private final boolean scanFence;
    private final boolean[] inUse = new boolean[SLOTS];

    /** Every other slot in use, as the scan benchmark's 50% occupancy. */
    FlagPattern(boolean scanFence) {
        this.scanFence = scanFence;
        for (int slot = 0; slot < SLOTS; slot += 2) {
            inUse[slot] = true;
        }
    }

    static int flagTests() {
        return SLOTS / 2;
    }

    int scanWithFlagTest() {
        int seen = 0;
        for (int slot = 0; slot < inUse.length; slot++) {
            if (!inUse[slot]) {
                continue;
            }
            if (scanFence) {
                OrderingSite.ACQUIRE_ON_SCAN.fence();
            }
            seen++;
        }
        return seen;
    }

    int scanWithoutFlagTest() {
        int seen = 0;
        for (int slot = 0; slot < inUse.length; slot++) {
            if (!inUse[slot]) {
                continue;
            }
            OrderingSite.ACQUIRE_ON_SCAN.fence();
            seen++;
        }
        return seen;
    }
}
