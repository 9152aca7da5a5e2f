package org.bgwcheck.core.sim;

import java.util.Optional;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.DynamicBackgroundWorkers;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.env.Latch;
import org.bgwcheck.core.worker.BackgroundWorker;

/**
 * A regular backend of a {@link SimulatedCluster}: a pid, a latch, and the backend-side API. Its waits run
 * the simulated postmaster instead of blocking, and fail with {@link WaitWouldHangException} when nothing
 * could ever wake them.
 */
public final class SimulatedBackend {
    private final int pid;
    private final SimulatedCluster cluster;
    private final DynamicBackgroundWorkers api;
    private final Latch latch;
    boolean latchSet;
    private int wakeups;
    private boolean askedForNotifications;

    SimulatedBackend(int pid, SimulatedCluster cluster, DynamicBackgroundWorkers api) {
        this.pid = pid;
        this.cluster = cluster;
        this.api = api;
        this.latch = new Latch() {
            @Override
            public WakeReason waitLatch() {
                return await();
            }

            @Override
            public void resetLatch() {
                latchSet = false;
            }
        };
    }

    public int pid() {
        return pid;
    }

    /** Registers {@code worker} asking for notifications to this backend, as parallel query does. */
    public Optional<BackgroundWorkerHandle> register(BackgroundWorker worker) {
        askedForNotifications = true;
        return traced("RegisterDynamicBackgroundWorker(\"" + worker.name() + "\", notify)",
                () -> api.registerDynamicWorker(worker.withNotifyPid(pid)));
    }

    /** Registers {@code worker} exactly as given (its notify pid untouched). */
    public Optional<BackgroundWorkerHandle> registerAsIs(BackgroundWorker worker) {
        askedForNotifications |= worker.notifyPid() == pid;
        return traced("RegisterDynamicBackgroundWorker(\"" + worker.name() + "\", notify pid "
                + worker.notifyPid() + ")", () -> api.registerDynamicWorker(worker));
    }

    public WorkerStatus status(BackgroundWorkerHandle h) {
        return traced("GetBackgroundWorkerPid(" + h + ")", () -> api.getWorkerPid(h));
    }

    public void terminate(BackgroundWorkerHandle h) {
        cluster.record(name(), "TerminateBackgroundWorker(" + h + ")");
        api.terminate(h);
    }

    public WorkerStatus waitForStartup(BackgroundWorkerHandle h) {
        cluster.record(name(), "WaitForBackgroundWorkerStartup(" + h + ") begins");
        return traced("WaitForBackgroundWorkerStartup(" + h + ")", () -> api.waitForStartup(h, latch));
    }

    public WorkerStatus waitForShutdown(BackgroundWorkerHandle h) {
        cluster.record(name(), "WaitForBackgroundWorkerShutdown(" + h + ") begins");
        return traced("WaitForBackgroundWorkerShutdown(" + h + ")", () -> api.waitForShutdown(h, latch));
    }

    private String name() {
        return "backend " + pid;
    }

    private <T> T traced(String call, java.util.function.Supplier<T> op) {
        T result = op.get();
        cluster.record(name(), call + " -> " + (result instanceof Optional<?> o ? o.map(Object::toString)
                .orElse("refused") : result));
        return result;
    }

    public Optional<String> typeOf(int workerPid) {
        return api.getTypeByPid(workerPid);
    }

    boolean askedForNotifications() {
        return askedForNotifications;
    }

    /** How many times SIGUSR1 set this backend's latch. */
    public int wakeups() {
        return wakeups;
    }

    void wake() {
        latchSet = true;
        wakeups++;
    }

    private Latch.WakeReason await() {
        if (!latchSet) {
            cluster.runPostmaster();
        }
        if (!latchSet) {
            cluster.letTimePass();
        }
        if (latchSet) {
            return Latch.WakeReason.LATCH_SET;
        }
        if (cluster.postmasterGone()) {
            return Latch.WakeReason.POSTMASTER_DEATH;
        }
        throw new WaitWouldHangException("backend " + pid + " waits on its latch but nothing can set it: "
                + cluster.describe());
    }
}
