package org.bgwcheck.gate.model;

/**
 * The verification layers (docs/DESIGN.md, section 4: what each can and cannot see), plus core's single-threaded
 * scenarios. Order = table column order.
 */
public enum Layer {
    SCENARIOS("scenarios", "core's single-threaded scenarios on the real protocol code"),
    JCSTRESS("jcstress", "real reorderings by the JIT and CPU at every ordering site"),
    LINCHECK("lincheck", "linearizability of concurrent operations against the reference model"),
    JQWIK("jqwik", "model-based lifecycle, wrap-around and shared-memory fuzzing"),
    TLA("tla", "exhaustive state exploration under SC, TSO and a weak memory model"),
    WEAK("weak", "core's own code on per-process store buffers, every state within bounds, under SC, TSO and WEAK"),
    LAUNCHER("launcher", "real processes, real shared memory, real launches");

    private final String id;
    private final String what;

    Layer(String id, String what) {
        this.id = id;
        this.what = what;
    }

    /** The key used in verdict.json and the table headers. */
    public String id() {
        return id;
    }

    public String what() {
        return what;
    }
}
