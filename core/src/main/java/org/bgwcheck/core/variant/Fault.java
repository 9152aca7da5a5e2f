package org.bgwcheck.core.variant;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The fault catalogue: each entry is one deliberate deviation from the fixed protocol at one site, with
 * the properties (docs/DESIGN.md, section 2) it breaks and the real-world bug it models, where there is one.
 *
 * <p>Every layer of bgwcheck names faults by {@link #name()}; the TLA+ {@code Variant} constant uses the same
 * strings. A fault is selected at run time through {@link Variant}; the fixed protocol is {@link Variant#FIXED}.
 */
public enum Fault {
    // --- memory-ordering sites --------------------------------------------------------------------------
    NO_PUBLISH_BARRIER(Site.REGISTER, List.of(Property.S1),
            "RegisterDynamicBackgroundWorker without pg_write_barrier() before in_use = true: the postmaster can"
                    + " see in_use before the registration it guards."),
    NO_SCAN_READ_BARRIER(Site.STATE_CHANGE, List.of(Property.S1),
            "BackgroundWorkerStateChange without pg_read_barrier() after seeing in_use: its loads of the"
                    + " registration may be satisfied before the in_use load."),
    NO_TERMINATE_RELEASE_BARRIER(Site.STATE_CHANGE, List.of(Property.S4, Property.S5),
            "BackgroundWorkerStateChange frees a terminated, never-listed slot with no barrier before"
                    + " in_use = false."),
    NO_FORGET_RELEASE_BARRIER(Site.FORGET, List.of(Property.S4, Property.S5),
            "ForgetBackgroundWorker with no barrier before in_use = false, as in the seed; fixed by"
                    + " PostgreSQL commit 30d8bad494."),
    PID_STORE_AFTER_BARRIER(Site.STATE_CHANGE, List.of(Property.S4),
            "BackgroundWorkerStateChange stores slot->pid = 0 after its barrier, as in the seed: the late store"
                    + " can land on a re-registered slot; fixed by PostgreSQL commit 30d8bad494."),
    /**
     * The seed, PostgreSQL's {@code src/backend/postmaster/bgworker.c} on REL_12_STABLE before commit 30d8bad494,
     * exactly as written: both of its release-ordering faults.
     */
    SEED_AS_WRITTEN(Site.FORGET, List.of(Property.S4, Property.S5),
            "The seed bgworker.c (PostgreSQL 12 era) as written: NO_FORGET_RELEASE_BARRIER plus"
                    + " PID_STORE_AFTER_BARRIER; fixed by PostgreSQL commit 30d8bad494 (2021)."),

    // --- rules the lock and the generation counter enforce ------------------------------------------------
    TERMINATE_IGNORES_GENERATION(Site.TERMINATE, List.of(Property.S3),
            "TerminateBackgroundWorker sets terminate without comparing the handle's generation: a stale"
                    + " handle kills the slot's next worker."),
    REGISTER_KEEPS_GENERATION(Site.REGISTER, List.of(Property.S3),
            "RegisterDynamicBackgroundWorker reuses a slot without bumping its generation: old handles"
                    + " match the new worker."),
    STATUS_IGNORES_GENERATION(Site.STATUS, List.of(Property.S3),
            "GetBackgroundWorkerPid reports the slot's pid without comparing generations: a stale handle"
                    + " sees the next worker's pid."),
    STATUS_IGNORES_IN_USE(Site.STATUS, List.of(Property.S3, Property.L1),
            "GetBackgroundWorkerPid ignores in_use: a released slot's leftover pid is reported, and a waiter"
                    + " on a worker forgotten before it started waits for ever."),
    REGISTER_WITHOUT_LOCK(Site.REGISTER, List.of(Property.S3, Property.S5, Property.S6),
            "RegisterDynamicBackgroundWorker without BackgroundWorkerLock: two backends claim one slot and"
                    + " the register counter loses updates."),

    // --- parallel-worker accounting -------------------------------------------------------------------
    SIGNED_COUNTER_COMPARISON(Site.REGISTER, List.of(Property.S5),
            "register - terminate computed on the counters read as signed 32-bit numbers and widened: once"
                    + " register passes 2^31 and terminate has not, the difference is hugely negative and the"
                    + " max_parallel_workers limit stops applying."),
    PRE_FIX_CRASH_ACCOUNTING(Site.CRASH_RESTART, List.of(Property.S5),
            "Never-restart workers forgotten only after shared memory was reset: terminate > register and"
                    + " every parallel registration is refused for ever; fixed by PostgreSQL commit 8ff518699f"
                    + " (2017)."),
    RESTARTABLE_PARALLEL_ALLOWED(Site.SANITY_CHECK, List.of(Property.S5),
            "SanityCheckBackgroundWorker accepts a parallel worker with a restart interval: it survives a"
                    + " crash-restart that zeroed the counters, and its later release drives terminate past"
                    + " register (the rule 8ff518699f added)."),

    // --- postmaster robustness -----------------------------------------------------------------------
    TRUSTS_SHARED_STRINGS(Site.STATE_CHANGE, List.of(Property.S7),
            "BackgroundWorkerStateChange copies the registration's strings as they are instead of"
                    + " ascii_safe_strlcpy: an unterminated or non-ASCII name is passed on."),
    TRUSTS_TOTAL_SLOTS(Site.STATE_CHANGE, List.of(Property.S7),
            "BackgroundWorkerStateChange loops to total_slots as read from shared memory instead of its own"
                    + " max_worker_processes: a corrupt value runs it off the array."),

    // --- liveness ----------------------------------------------------------------------------------------
    NO_SHUTDOWN_CLEANUP(Site.SHUTDOWN, List.of(Property.L1, Property.L2),
            "Shutdown as before PostgreSQL 14: a smart shutdown stops starting workers at once while backends"
                    + " still run, new registrations are still accepted, and unstarted workers are never"
                    + " forgotten: a backend waiting for one waits for ever and the shutdown never ends."),
    NO_STOP_NOTIFICATIONS(Site.NOTIFY, List.of(Property.L3),
            "BackgroundWorkerStopNotifications is not called when a backend exits: its pid stays as the"
                    + " notify pid and whichever process gets that pid next is signalled.");

    /** Where in the protocol a fault sits; used to group faults in reports and to pick jcstress tests. */
    public enum Site { REGISTER, STATUS, TERMINATE, STATE_CHANGE, FORGET, CRASH_RESTART, SANITY_CHECK, SHUTDOWN, NOTIFY }

    private final Site site;
    private final List<Property> breaks;
    private final String models;

    Fault(Site site, List<Property> breaks, String models) {
        this.site = site;
        this.breaks = breaks;
        this.models = models;
    }

    public Site site() {
        return site;
    }

    /** The properties this fault is expected to break; a layer detects it through one of these. */
    public List<Property> breaks() {
        return breaks;
    }

    /** One line on what the fault is and the real-world bug it models. */
    public String models() {
        return models;
    }

    /** The elementary deviations this catalogue entry switches on (itself, or its parts for a composite). */
    public Set<Fault> deviations() {
        if (this == SEED_AS_WRITTEN) {
            return EnumSet.of(NO_FORGET_RELEASE_BARRIER, PID_STORE_AFTER_BARRIER);
        }
        return EnumSet.of(this);
    }
}
