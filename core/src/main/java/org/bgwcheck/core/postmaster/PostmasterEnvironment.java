package org.bgwcheck.core.postmaster;

import org.bgwcheck.core.env.Clock;
import org.bgwcheck.core.env.Log;
import org.bgwcheck.core.env.ProcessSignals;
import org.bgwcheck.core.env.WorkerProcesses;

/** What the postmaster needs from the world: signals, worker processes, a clock and a log. */
public record PostmasterEnvironment(ProcessSignals signals, WorkerProcesses processes, Clock clock, Log log) {
}
