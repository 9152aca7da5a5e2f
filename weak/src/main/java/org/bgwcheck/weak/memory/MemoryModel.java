package org.bgwcheck.weak.memory;

/**
 * The three memory models of the TLA+ spec ({@code tla/spec/BgWorker.tla}), here as what a
 * {@link BufferedSlotMemory} lets happen between a store and its visibility, and between a load and the
 * value it returns.
 */
public enum MemoryModel {
    /** Sequential consistency: every store is visible to everyone the moment it is made. */
    SC,
    /**
     * Total store order (x86): each process's stores wait in a FIFO buffer and become visible in program
     * order; a process reads its own latest buffered store; loads are never reordered with loads.
     */
    TSO,
    /**
     * A weak model (ARM, POWER, and what C compilers may do): buffered stores become visible in any order,
     * except that a store never passes an earlier store to the same location or a barrier before it; and a
     * load may be satisfied early, before loads that precede it, unless a read or full barrier stands between.
     */
    WEAK
}
