package org.bgwcheck.core.variant;

/**
 * The properties every layer checks; faults name the ones they break. Each constant's statement is a one-line
 * summary: docs/DESIGN.md, section 2, states each precisely (what is observed, when it must hold, what counts as
 * a violation).
 */
public enum Property {
    S1("publication: the postmaster sees the complete registration once it sees in_use"),
    S2("ownership: backends write only terminate while in_use; the postmaster writes nothing while free"),
    S3("handle safety: a handle never reaches a worker of another generation of its slot"),
    S4("no clobbering: releasing a slot never overwrites a later registration of it"),
    S5("parallel accounting: register - terminate (mod 2^32) = live parallel registrations <= max_parallel_workers"),
    S6("capacity: at most max_worker_processes registrations; a full array refuses cleanly"),
    S7("postmaster robustness: no shared-memory content makes the postmaster throw, hang or pass on bad strings"),
    L1("every registration is started or reported stopped; every waiter gets an answer"),
    L2("every terminate on a live handle yields STOPPED, and no slot leaks"),
    L3("a notify pid is signalled on each state change of its worker, and no other process ever is"),
    C1("each child receives exactly its startup data and kind"),
    C2("the parameter file is private, removed by the child, stale files swept"),
    C3("a failed launch leaves consistent state; a crashed child triggers crash-restart");

    private final String statement;

    Property(String statement) {
        this.statement = statement;
    }

    public String statement() {
        return statement;
    }
}
