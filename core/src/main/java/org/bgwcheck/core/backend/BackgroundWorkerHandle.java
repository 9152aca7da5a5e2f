package org.bgwcheck.core.backend;

/**
 * {@code BackgroundWorkerHandle}: a slot number plus the slot's generation at registration. The generation
 * makes the handle safe against slot reuse: once the slot is registered again, the handle matches nothing.
 */
public record BackgroundWorkerHandle(int slot, long generation) {
    @Override
    public String toString() {
        return "handle(slot " + slot + ", gen " + Long.toUnsignedString(generation) + ")";
    }
}
