package org.bgwcheck.weak.explore;

/** One step of a counterexample: the lane (a process, the memory system, or the check), what, and detail. */
public record Step(String lane, String action, String detail) {
    public static final String MEMORY = "memory";
    public static final String CHECK = "check";
}
