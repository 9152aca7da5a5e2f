package org.bgwcheck.weak;

import org.bgwcheck.weak.explore.Bounds;
import org.bgwcheck.weak.memory.MemoryModel;

/**
 * The bounds each profile explores (system property {@code bgwcheck.profile}: quick for CI, deep for hunting):
 * the same tests, larger bounds. TSO explores the fault variants at one generation, as the TLA+ TSO fault
 * models do: under TSO they must pass, and the fixed protocol's run covers two generations.
 */
final class WeakProfile {
    static final boolean DEEP = "deep".equals(System.getProperty("bgwcheck.profile", "quick"));

    private WeakProfile() {
    }

    /** Where the fixed protocol must be clean, exhaustively (deep: a third backend, 1.5 M states under WEAK). */
    static Bounds fixed(MemoryModel model) {
        return DEEP ? new Bounds(3, 2, 2, 1) : Bounds.quick();
    }

    /** Where a fault or a removed fence is hunted. */
    static Bounds hunt(MemoryModel model) {
        if (model == MemoryModel.TSO) {
            return DEEP ? Bounds.quick() : new Bounds(2, 2, 1, 1);
        }
        return DEEP ? new Bounds(3, 2, 2, 1) : Bounds.quick();
    }
}
