package org.bgwcheck.models.cluster;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.HandleStatus;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.model.ReferenceModel;
import org.bgwcheck.core.model.ReferenceModel.Phase;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.SanityCheck;
import org.bgwcheck.core.worker.WorkerSettings;

/**
 * core's sequential {@link ReferenceModel}, driven in the steps of {@link Cluster}. What the model leaves to its
 * caller is supplied here, once, from the contracts of the protocol and of {@link SimulatedCluster}:
 * registrations pass the fixed SanityCheckBackgroundWorker first; worker pids count up from
 * {@link SimulatedCluster#FIRST_WORKER_PID}; a worker that got SIGTERM exits with 1 (bgworker_die); a fast
 * shutdown sends SIGTERM to every running worker.
 */
public final class ModelSide implements Cluster {
    /** The rule as the fixed protocol applies it: the model describes registrations that passed it. */
    private static final SanityCheck SANITY_CHECK = new SanityCheck(false);

    private final ReferenceModel model;
    /** Running workers whose registration was asked to terminate: the postmaster's next scan sends SIGTERM. */
    private final Set<Integer> sigtermOnNextScan = new HashSet<>();
    private int launchFailuresInjected;

    public ModelSide(WorkerSettings settings) {
        this.model = new ReferenceModel(settings.maxWorkerProcesses(), settings.maxParallelWorkers(),
                SimulatedCluster.FIRST_WORKER_PID);
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
        model.registration(slot).filter(r -> r.phase() == Phase.RUNNING)
                .ifPresent(r -> model.workerExited(r.pid(), exitCode));
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
        model.beginShutdown();
        for (int pid : model.runningPids()) {
            model.workerExited(pid, 1);
        }
        settle();
    }

    /** The model has no backends: their exits matter only to notifications, which it does not describe. */
    @Override
    public void backendExits(int pid) {
        settle();
    }

    @Override
    public Set<Integer> runningPids() {
        return new HashSet<>(model.runningPids());
    }
}
