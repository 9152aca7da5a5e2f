package org.bgwcheck.core.worker;

import java.util.Optional;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.VariantSwitch;

/**
 * {@code SanityCheckBackgroundWorker}: the rules a registration must pass before it reaches shared memory.
 * Returns the problem as PostgreSQL words it, so callers can log it (static registration) or raise it
 * (dynamic registration).
 */
public final class SanityCheck {
    @VariantSwitch(fault = Fault.RESTARTABLE_PARALLEL_ALLOWED, fixed = false)
    private final boolean allowRestartableParallel;

    /**
     * @param allowRestartableParallel true only for the {@code RESTARTABLE_PARALLEL_ALLOWED} fault, which drops
     *                                 the rule that protects the parallel counters across crash-restart
     */
    public SanityCheck(boolean allowRestartableParallel) {
        this.allowRestartableParallel = allowRestartableParallel;
    }

    public Optional<String> problem(BackgroundWorker w) {
        String who = "background worker \"" + w.name() + "\": ";
        if ((w.flags() & BgwFlags.BACKEND_DATABASE_CONNECTION) != 0) {
            if (!BgwFlags.hasShmemAccess(w.flags())) {
                return Optional.of(who + "must attach to shared memory in order to request a database connection");
            }
            if (w.startTime() == StartTime.POSTMASTER_START.code()) {
                return Optional.of(who + "cannot request database access if starting at postmaster start");
            }
        }
        if ((w.restartTime() < 0 && w.restartTime() != BgwLimits.BGW_NEVER_RESTART)
                || w.restartTime() > BgwLimits.MAX_RESTART_INTERVAL_SECONDS) {
            return Optional.of(who + "invalid restart interval");
        }
        // The parallel counters are zeroed by crash-restart; a parallel worker that outlived one would later
        // be counted as terminated without ever having been counted as registered.
        if (!allowRestartableParallel && w.restartTime() != BgwLimits.BGW_NEVER_RESTART && w.isParallel()) {
            return Optional.of(who + "parallel workers may not be configured for restart");
        }
        return Optional.empty();
    }

    /** The registration as it is stored: an empty {@code bgw_type} defaults to {@code bgw_name}. */
    public static BackgroundWorker normalize(BackgroundWorker w) {
        return w.type().isEmpty() ? w.withType(w.name()) : w;
    }

    /** The dynamic-registration form: the normalized worker, or an {@link InvalidWorkerException}. */
    public BackgroundWorker checkOrThrow(BackgroundWorker w) {
        Optional<String> p = problem(w);
        if (p.isPresent()) {
            throw new InvalidWorkerException(p.get());
        }
        return normalize(w);
    }
}
