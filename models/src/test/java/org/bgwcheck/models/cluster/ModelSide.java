package org.bgwcheck.models.cluster;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.HandleStatus;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.model.ReferenceModel;
import org.bgwcheck.core.model.ReferenceModel.Phase;
import org.bgwcheck.core.model.ReferenceModel.Readiness;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.SanityCheck;
import org.bgwcheck.core.worker.WorkerSettings;

/**
 * core's sequential {@link ReferenceModel}, driven in the steps of {@link Cluster}. What the model leaves to its
 * caller is supplied here, once, from the contracts of the protocol and of {@link SimulatedCluster}:
 * registrations pass the fixed SanityCheckBackgroundWorker first; worker pids count up from
 * {@link SimulatedCluster#FIRST_WORKER_PID}; a worker that got SIGTERM exits with 1 (bgworker_die); a fast
 * shutdown sends SIGTERM to every running worker; a smart one waits for the regular backends (which the model
 * does not have, so they are counted here) and a crash-restart takes them all (SIGQUIT).
 */
public final class ModelSide implements Cluster {
    /** The rule as the fixed protocol applies it: the model describes registrations that passed it. */
    private static final SanityCheck SANITY_CHECK = new SanityCheck(false);

    private final ReferenceModel model;
    /** Running workers whose registration was asked to terminate: the postmaster's next scan sends SIGTERM. */
    private final Set<Integer> sigtermOnNextScan = new HashSet<>();
    private final Set<Integer> backends = new LinkedHashSet<>();
    private int launchFailuresInjected;
    /** A smart shutdown was requested and regular backends remain: workers stop once the last one has gone. */
    private boolean smartShutdownWaitsForBackends;

    /** A cluster running normally (PM_RUN). */
    public ModelSide(WorkerSettings settings) {
        this(settings, PmState.RUN);
    }

    /** A cluster whose postmaster starts in {@code initial}: STARTUP, HOT_STANDBY (consistent) or RUN. */
    public ModelSide(WorkerSettings settings, PmState initial) {
        this.model = new ReferenceModel(settings.maxWorkerProcesses(), settings.maxParallelWorkers(),
                SimulatedCluster.FIRST_WORKER_PID);
        model.setReadiness(switch (initial) {
            case STARTUP -> Readiness.STARTUP;
            case HOT_STANDBY -> Readiness.CONSISTENT;
            case RUN -> Readiness.RUNNING;
            case STOP_BACKENDS, EXITED -> throw new IllegalArgumentException("a cluster starts in recovery or running");
        });
    }

    @Override
    public Optional<BackgroundWorkerHandle> register(int backendPid, BackgroundWorker worker) {
        if (SANITY_CHECK.problem(worker).isPresent()) {
            return Optional.empty();
        }
        return model.register(worker.withNotifyPid(backendPid));
    }

    @Override
    public WorkerStatus status(BackgroundWorkerHandle handle) {
        return model.status(handle);
    }

    @Override
    public void terminate(BackgroundWorkerHandle handle) {
        WorkerStatus before = model.status(handle);
        model.terminate(handle);
        if (before.status() == HandleStatus.STARTED) {
            sigtermOnNextScan.add(before.pid());
        }
    }

    /** As {@link SimulatedSide#settle()}: as many rounds, each one scan, one start pass and the SIGTERM exits. */
    @Override
    public void settle() {
        for (int round = 0; round < launchFailuresInjected + 2; round++) {
            model.noticeChanges();
            model.startWorkers();
            for (int pid : model.runningPids()) { // slot order, as the scan sends them
                if (sigtermOnNextScan.remove(pid)) {
                    model.workerExited(pid, 1);
                }
            }
        }
    }

    @Override
    public void workerExits(int slot, int exitCode) {
        settle();
        // Settled: every SIGTERM the model owes has been delivered.
        boolean crashRestart = model.registration(slot).filter(r -> r.phase() == Phase.RUNNING)
                .map(r -> model.workerExited(r.pid(), exitCode)).orElse(false);
        if (crashRestart) {
            backends.clear(); // HandleChildCrash: SIGQUIT to every backend
            stopWorkersOnceBackendsAreGone();
        }
        settle();
    }

    @Override
    public void advanceTimeMicros(long micros) {
        model.advanceTimeMicros(micros);
    }

    @Override
    public void failNextLaunches(int n) {
        model.failNextLaunches(n);
        launchFailuresInjected += n;
    }

    @Override
    public void fastShutdown() {
        settle();
        smartShutdownWaitsForBackends = false;
        stopWorkersForShutdown();
        settle();
    }

    /**
     * PM_STOP_BACKENDS: nothing starts any more, what is not running is released (ForgetUnstartedBackgroundWorkers),
     * running workers get SIGTERM. Entered once (see ReferenceModel.beginShutdown): after that no worker runs.
     */
    private void stopWorkersForShutdown() {
        model.beginShutdown();
        for (int pid : model.runningPids()) {
            model.workerExited(pid, 1);
        }
    }

    @Override
    public void smartShutdown() {
        settle();
        smartShutdownWaitsForBackends = true;
        stopWorkersOnceBackendsAreGone();
        settle();
    }

    private void stopWorkersOnceBackendsAreGone() {
        if (smartShutdownWaitsForBackends && backends.isEmpty()) {
            smartShutdownWaitsForBackends = false;
            stopWorkersForShutdown();
        }
    }

    @Override
    public void startBackend(int pid) {
        backends.add(pid);
    }

    /** Besides ending a smart shutdown, a backend's exit matters only to notifications, which the model omits. */
    @Override
    public void backendExits(int pid) {
        settle();
        backends.remove(pid);
        stopWorkersOnceBackendsAreGone();
        settle();
    }

    @Override
    public void consistentStateReached() {
        advanceTo(Readiness.CONSISTENT);
    }

    @Override
    public void recoveryFinished() {
        advanceTo(Readiness.RUNNING);
    }

    /** The recovery only moves forward, and not once shutdown has begun. */
    private void advanceTo(Readiness next) {
        settle();
        if (model.readiness().ordinal() < next.ordinal()) {
            model.setReadiness(next);
        }
        settle();
    }

    /**
     * The wait returns at once what the status already answers; otherwise it sleeps while the postmaster works,
     * and ends with what the postmaster has made of the worker, or never.
     */
    @Override
    public WaitOutcome waitFor(int backendPid, BackgroundWorkerHandle handle, boolean forShutdown) {
        WorkerStatus now = model.status(handle);
        if (WaitOutcome.ends(now, forShutdown)) {
            settle();
            return new WaitOutcome(now);
        }
        settle();
        WorkerStatus after = model.status(handle);
        return WaitOutcome.ends(after, forShutdown) ? new WaitOutcome(after) : WaitOutcome.FOREVER;
    }

    /** Registrations holding a slot: what the slots in use must be once the postmaster has settled. */
    public int liveRegistrations() {
        return model.liveRegistrations();
    }

    @Override
    public Set<Integer> runningPids() {
        return new HashSet<>(model.runningPids());
    }
}
