package org.bgwcheck.bench;

import org.bgwcheck.core.env.Clock;
import org.bgwcheck.core.env.Log;
import org.bgwcheck.core.env.ProcessSignals;
import org.bgwcheck.core.env.WorkerProcesses;
import org.bgwcheck.core.postmaster.PostmasterEnvironment;

/**
 * A {@link PostmasterEnvironment} that costs next to nothing, so the benchmarks time the protocol and not
 * the world: the log is discarded and the clock stands still.
 *
 * <p>The clock standing still matters: a worker that crashed with a restart interval then waits for ever,
 * which keeps the postmaster's start pass running on every server-loop iteration (C's
 * {@code HaveCrashedWorker}) - a steady state the start-pass benchmark relies on.
 */
final class BenchEnvironment {
    /** Far from 0, which would read as "never crashed". */
    static final long NOW_MICROS = 1_000_000_000_000L;
    private static final Clock STOPPED_CLOCK = () -> NOW_MICROS;

    /** Signals are lost, as if every target had already exited. */
    static final ProcessSignals NO_SIGNALS = (pid, signal) -> { };

    private BenchEnvironment() {
    }

    static PostmasterEnvironment of(ProcessSignals signals, WorkerProcesses processes) {
        return new PostmasterEnvironment(signals, processes, STOPPED_CLOCK, Log.DISCARD);
    }
}
