package org.bgwcheck.core;

import static org.bgwcheck.core.TestClusters.restartable;
import static org.bgwcheck.core.TestClusters.running;
import static org.bgwcheck.core.TestClusters.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.HandleStatus;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.check.QuiescentInvariants;
import org.bgwcheck.core.env.Signal;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.sim.SignalRecord;
import org.bgwcheck.core.sim.SimulatedBackend;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.StartTime;
import org.bgwcheck.core.worker.WorkerSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Postmaster-side functions of bgworker.c and postmaster.c, on every slot-memory backing. */
class PostmasterLifecycleTest {

    private static void assertQuiescentInvariants(SimulatedCluster c, int maxWorkers, int maxParallel) {
        var violations = new java.util.ArrayList<>(QuiescentInvariants.parallelAccounting(c.shm(), maxParallel));
        violations.addAll(QuiescentInvariants.capacity(c.shm(), maxWorkers));
        violations.addAll(QuiescentInvariants.mirror(c.shm(), c.postmaster().registeredWorkers()));
        violations.addAll(QuiescentInvariants.sanitizedStrings(c.postmaster().registeredWorkers()));
        violations.addAll(c.notificationViolations());
        assertEquals(List.of(), violations, c.describe());
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void staticWorkersFillTheFirstSlotsAndStartByStartTime(SlotMemoryKind kind) {
        SimulatedCluster c = new SimulatedCluster(kind.create(4), new WorkerSettings(4, 2), Variant.FIXED);
        assertTrue(c.postmaster().registerBackgroundWorker(worker("at start")));
        assertTrue(c.postmaster().registerBackgroundWorker(worker("consistent").withStartTime(StartTime.CONSISTENT_STATE)));
        assertTrue(c.postmaster().registerBackgroundWorker(worker("finished").withStartTime(StartTime.RECOVERY_FINISHED)));
        c.startPostmaster(PmState.STARTUP);
        assertEquals(1, c.launches(), "only the postmaster-start worker runs during recovery");
        c.postmaster().consistentStateReached();
        assertEquals(2, c.launches());
        c.postmaster().recoveryFinished();
        assertEquals(3, c.launches());
        assertTrue(c.shm().inUse(0) && c.shm().inUse(1) && c.shm().inUse(2) && !c.shm().inUse(3));
        assertQuiescentInvariants(c, 4, 2);
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void staticRegistrationRefusalsAreLoggedNotThrown(SlotMemoryKind kind) {
        SimulatedCluster c = new SimulatedCluster(kind.create(1), new WorkerSettings(1, 1), Variant.FIXED);
        assertFalse(c.postmaster().registerBackgroundWorker(worker("notify").withNotifyPid(7)));
        assertFalse(c.postmaster().registerBackgroundWorker(worker("bad").withRestartTime(-9)));
        assertTrue(c.postmaster().registerBackgroundWorker(worker("ok")));
        assertFalse(c.postmaster().registerBackgroundWorker(worker("too many")));
        List<String> lines = c.log().stream().map(SimulatedCluster.LogLine::message).toList();
        assertEquals(List.of(
                "background worker \"notify\": only dynamic background workers can request notification",
                "background worker \"bad\": invalid restart interval",
                "too many background workers: up to 1 can be registered with the current settings"), lines);
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void exitZeroForgetsExitOneRestartsAfterInterval(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 4, 2);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(restartable("r", 5)).orElseThrow();
        int first = b.waitForStartup(h).pid();

        c.exitWorker(first, 1);
        assertEquals(WorkerStatus.STOPPED, b.status(h), "stopped while waiting to restart");
        c.advanceTimeMicros(4_999_999);
        c.runPostmaster();
        assertEquals(1, c.launches(), "restart interval not yet passed");
        c.advanceTimeMicros(1);
        c.runPostmaster();
        WorkerStatus again = b.status(h);
        assertEquals(HandleStatus.STARTED, again.status(), "same handle sees the restarted worker");
        assertTrue(again.pid() != first);

        c.exitWorker(again.pid(), 0);
        assertEquals(WorkerStatus.STOPPED, b.status(h));
        assertFalse(c.shm().inUse(h.slot()), "exit 0 means never again: slot released");
        assertQuiescentInvariants(c, 4, 2);
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void neverRestartWorkerIsForgottenOnAnyExit(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 2, 2);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(worker("once")).orElseThrow();
        c.exitWorker(b.waitForStartup(h).pid(), 1);
        assertEquals(WorkerStatus.STOPPED, b.status(h));
        assertFalse(c.shm().inUse(h.slot()));
        assertEquals(2, b.wakeups(), "notified of start and of stop");
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void crashOfShmemWorkerRestartsClusterAndResetsAccounting(SlotMemoryKind kind) {
        SimulatedCluster c = new SimulatedCluster(kind.create(6), new WorkerSettings(6, 4), Variant.FIXED);
        c.postmaster().registerBackgroundWorker(restartable("static", 1));
        c.startPostmaster(PmState.RUN);
        SimulatedBackend leader = c.startBackend();
        BackgroundWorkerHandle p1 = leader.register(BackgroundWorker.parallel("p1", 0)).orElseThrow();
        BackgroundWorkerHandle p2 = leader.register(BackgroundWorker.parallel("p2", 0)).orElseThrow();
        leader.register(BackgroundWorker.parallel("p3 pending", 0)).orElseThrow(); // never noticed before the crash
        int crashing = leader.waitForStartup(p1).pid();
        leader.waitForStartup(p2);

        c.exitWorker(crashing, 2); // SIGSEGV-like: every other child gets SIGQUIT and exits 2
        assertEquals(1, c.postmaster().crashRestarts());
        assertTrue(c.signals().stream().anyMatch(s -> s.signal() == Signal.SIGQUIT && s.pid() == leader.pid()));
        assertEquals(0, c.shm().parallelRegisterCount(), "counters re-initialised");
        assertEquals(0, c.shm().parallelTerminateCount());
        assertEquals(1, c.postmaster().registeredWorkers().size(), "only the restartable static worker survives");
        assertEquals(1, c.runningWorkers().size(), "and it was restarted at once");
        assertEquals(List.of(), QuiescentInvariants.parallelAccounting(c.shm(), 4));

        SimulatedBackend next = c.startBackend();
        for (int i = 0; i < 4; i++) {
            assertTrue(next.register(BackgroundWorker.parallel("after " + i, 0)).isPresent(),
                    "S5: the full parallel budget is available after the restart");
        }
        c.runPostmaster();
        assertQuiescentInvariants(c, 6, 4);
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void repeatedCrashRestartCyclesKeepAccounting(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 4, 2);
        for (int cycle = 0; cycle < 5; cycle++) {
            SimulatedBackend b = c.startBackend();
            BackgroundWorkerHandle h = b.register(BackgroundWorker.parallel("p", b.pid())).orElseThrow();
            b.register(BackgroundWorker.parallel("q", b.pid())).orElseThrow();
            int pid = b.waitForStartup(h).pid();
            c.exitWorker(pid, 137); // SIGKILL
            assertEquals(cycle + 1, c.postmaster().crashRestarts());
            assertQuiescentInvariants(c, 4, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void workerWithoutSharedMemoryCrashingDoesNotRestartCluster(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 2, 2);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(restartable("no shmem", 0).withFlags(0)).orElseThrow();
        c.exitWorker(b.waitForStartup(h).pid(), 139);
        assertEquals(0, c.postmaster().crashRestarts());
        c.advanceTimeMicros(1);
        c.runPostmaster();
        assertEquals(HandleStatus.STARTED, b.status(h).status(), "restarted after its (zero) interval");
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void failedLaunchIsRetriedOrReported(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 4, 2);
        SimulatedBackend b = c.startBackend();
        c.failNextLaunches(1);
        BackgroundWorkerHandle r = b.register(restartable("retry me", 3)).orElseThrow();
        c.runPostmaster();
        assertEquals(WorkerStatus.NOT_YET_STARTED, b.status(r), "C3: a failed fork is not a start");
        assertQuiescentInvariants(c, 4, 2);
        assertEquals(HandleStatus.STARTED, b.waitForStartup(r).status(), "retried after its restart interval");

        c.failNextLaunches(1);
        BackgroundWorkerHandle once = b.register(BackgroundWorker.parallel("once", 0)).orElseThrow();
        assertEquals(WorkerStatus.STOPPED, b.waitForStartup(once), "a never-restart worker is reported gone");
        assertFalse(c.shm().inUse(once.slot()));
        assertQuiescentInvariants(c, 4, 2);
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void exitingBackendStopsItsNotifications(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 2, 2);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(worker("w")).orElseThrow();
        int pid = b.waitForStartup(h).pid();
        int leaderPid = b.pid();
        c.exitBackend(leaderPid, 0);
        SimulatedBackend reused = c.startBackend(leaderPid); // a new process with the same pid
        c.exitWorker(pid, 0);
        assertEquals(0, reused.wakeups(), "L3: the new process is never signalled for the old one's worker");
        assertQuiescentInvariants(c, 2, 2);
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void unknownNotifyPidIsDropped(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 2, 2);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.registerAsIs(worker("w").withNotifyPid(31337)).orElseThrow();
        c.runPostmaster();
        assertEquals(0, c.postmaster().registeredWorkers().get(0).notifyPid());
        assertTrue(c.signals().stream().noneMatch(s -> s.pid() == 31337));
        assertEquals(HandleStatus.STARTED, b.status(h).status());
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void smartShutdownKeepsStartingWorkersForLiveBackends(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 4, 2);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle running = b.register(worker("running")).orElseThrow();
        b.waitForStartup(running);
        c.postmaster().requestShutdown(ShutdownMode.SMART);
        BackgroundWorkerHandle late = b.register(BackgroundWorker.parallel("late", 0)).orElseThrow();
        assertEquals(HandleStatus.STARTED, b.waitForStartup(late).status(), "L1: parallel query still works");
        c.exitBackend(b.pid(), 0);
        assertEquals(PmState.EXITED, c.postmaster().state(), "workers got SIGTERM, exited, postmaster is down");
        assertTrue(c.runningWorkers().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void fastShutdownAnswersEveryWaiter(SlotMemoryKind kind) {
        SimulatedCluster c = new SimulatedCluster(kind.create(4), new WorkerSettings(4, 2), Variant.FIXED);
        c.startPostmaster(PmState.STARTUP);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle unstarted = b.register(worker("after recovery")
                .withStartTime(StartTime.RECOVERY_FINISHED)).orElseThrow();
        BackgroundWorkerHandle running = b.register(worker("now")).orElseThrow();
        assertEquals(HandleStatus.STARTED, b.waitForStartup(running).status());
        BackgroundWorkerHandle pending = b.register(worker("pending")).orElseThrow(); // not yet noticed

        c.postmaster().requestShutdown(ShutdownMode.FAST);
        assertTrue(c.signals().stream().anyMatch(s -> s.pid() == b.pid() && s.signal() == Signal.SIGTERM));
        assertEquals(WorkerStatus.STOPPED, b.waitForStartup(unstarted), "L1: forgotten and told");
        assertEquals(WorkerStatus.STOPPED, b.waitForStartup(pending), "L1: refused during shutdown");
        assertEquals(WorkerStatus.STOPPED, b.waitForShutdown(running), "L1: SIGTERM, exit, reported");
        c.exitBackend(b.pid(), 1);
        assertEquals(PmState.EXITED, c.postmaster().state());
        assertEquals(1, c.launches());
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void waitersLearnOfPostmasterDeath(SlotMemoryKind kind) {
        SimulatedCluster c = new SimulatedCluster(kind.create(2), new WorkerSettings(2, 2), Variant.FIXED);
        c.startPostmaster(PmState.STARTUP);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(worker("after recovery")
                .withStartTime(StartTime.RECOVERY_FINISHED)).orElseThrow();
        c.runPostmaster();
        c.killPostmaster();
        assertEquals(WorkerStatus.POSTMASTER_DIED, b.waitForStartup(h));
        assertEquals(WorkerStatus.POSTMASTER_DIED, b.waitForShutdown(h));
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void signalsGoOnlyWhereTheProtocolSays(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 3, 2);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(worker("w")).orElseThrow();
        int pid = b.waitForStartup(h).pid();
        b.terminate(h);
        b.waitForShutdown(h);
        assertEquals(List.of(
                        new SignalRecord(b.pid(), Signal.SIGUSR1, SignalRecord.Target.BACKEND, true),
                        new SignalRecord(pid, Signal.SIGTERM, SignalRecord.Target.WORKER, false),
                        new SignalRecord(b.pid(), Signal.SIGUSR1, SignalRecord.Target.BACKEND, true)),
                c.signals(), "started, terminate -> SIGTERM, exited");
    }
}
