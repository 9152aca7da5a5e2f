package org.bgwcheck.weak.explore;

/**
 * How much of the protocol one exploration covers, as the TLA+ models bound it: {@code backends} backends
 * registering parallel workers (notify pid = themselves) on {@code slots} slots, each slot claimed at most
 * {@code generations} times, with {@code maxParallelWorkers}. Every behaviour within these bounds is explored.
 */
public record Bounds(int backends, int slots, int generations, int maxParallelWorkers) {
    public Bounds {
        if (backends < 1 || slots < 1 || generations < 1 || maxParallelWorkers < 0) {
            throw new IllegalArgumentException("bounds need at least one backend, slot and generation, got "
                    + backends + "/" + slots + "/" + generations + "/" + maxParallelWorkers);
        }
    }

    /** The TLA+ quick models' bounds (2b2s2g, MaxParallel = 1). */
    public static Bounds quick() {
        return new Bounds(2, 2, 2, 1);
    }

    /** A name as the TLA+ models use: {@code 2b2s2g}. */
    public String tag() {
        return backends + "b" + slots + "s" + generations + "g";
    }

    @Override
    public String toString() {
        return tag() + ", max_parallel_workers " + maxParallelWorkers;
    }
}
