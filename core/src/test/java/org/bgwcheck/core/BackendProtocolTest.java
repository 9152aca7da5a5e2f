package org.bgwcheck.core;

import static org.bgwcheck.core.TestClusters.running;
import static org.bgwcheck.core.TestClusters.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.HandleStatus;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.check.QuiescentInvariants;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.sim.SimulatedBackend;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.InvalidWorkerException;
import org.bgwcheck.core.worker.StartTime;
import org.bgwcheck.core.worker.WorkerSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Backend-side functions of bgworker.c, on every slot-memory backing. */
class BackendProtocolTest {

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void registerStartsWorkerAndStatusReportsItsPid(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 4, 2);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(worker("w")).orElseThrow();
        assertEquals(WorkerStatus.NOT_YET_STARTED, b.status(h), "before the postmaster has run");
        WorkerStatus started = b.waitForStartup(h);
        assertEquals(HandleStatus.STARTED, started.status());
        assertEquals(SimulatedCluster.FIRST_WORKER_PID, started.pid());
        assertEquals(Optional.of("w"), b.typeOf(started.pid()), "bgw_type defaults to bgw_name");
        assertEquals(Optional.empty(), b.typeOf(4242));
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void fullArrayRefusesCleanly(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 3, 2);
        SimulatedBackend b = c.startBackend();
        List<BackgroundWorkerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            handles.add(b.register(worker("w" + i)).orElseThrow());
        }
        assertEquals(List.of(0, 1, 2), handles.stream().map(BackgroundWorkerHandle::slot).toList());
        assertEquals(Optional.empty(), b.register(worker("one too many")), "S6: a full array refuses");
        c.runPostmaster();
        assertEquals(3, c.runningWorkers().size());
        assertTrue(QuiescentInvariants.capacity(c.shm(), 3).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void parallelLimitCountsOnlyParallelWorkers(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 8, 2);
        SimulatedBackend b = c.startBackend();
        assertTrue(b.register(BackgroundWorker.parallel("p1", 0)).isPresent());
        assertTrue(b.register(BackgroundWorker.parallel("p2", 0)).isPresent());
        assertEquals(Optional.empty(), b.register(BackgroundWorker.parallel("p3", 0)), "max_parallel_workers = 2");
        assertTrue(b.register(worker("not parallel")).isPresent());
        c.runPostmaster();
        assertEquals(List.of(), QuiescentInvariants.parallelAccounting(c.shm(), 2));
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void parallelSlotIsReusableAfterItsWorkerExits(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 4, 1);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(BackgroundWorker.parallel("p", 0)).orElseThrow();
        int pid = b.waitForStartup(h).pid();
        assertEquals(Optional.empty(), b.register(BackgroundWorker.parallel("q", 0)));
        c.exitWorker(pid, 0);
        assertEquals(WorkerStatus.STOPPED, b.waitForShutdown(h));
        assertTrue(b.register(BackgroundWorker.parallel("q", 0)).isPresent(), "the parallel budget came back");
        assertEquals(List.of(), QuiescentInvariants.parallelAccounting(c.shm(), 1));
    }

    /** S5 across wrap-around: start both counters just below 2^32 and run many cycles through it. */
    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void parallelCountersWrapAroundUnsigned(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 4, 2);
        c.shm().setParallelRegisterCount(-3);   // 2^32 - 3
        c.shm().setParallelTerminateCount(-3);
        SimulatedBackend b = c.startBackend();
        for (int i = 0; i < 10; i++) {
            BackgroundWorkerHandle h1 = b.register(BackgroundWorker.parallel("p" + i, 0)).orElseThrow();
            BackgroundWorkerHandle h2 = b.register(BackgroundWorker.parallel("q" + i, 0)).orElseThrow();
            assertEquals(Optional.empty(), b.register(BackgroundWorker.parallel("r" + i, 0)),
                    "limit holds across the wrap (register = " + Integer.toUnsignedString(c.shm().parallelRegisterCount()) + ")");
            c.exitWorker(b.waitForStartup(h1).pid(), 0);
            c.exitWorker(b.waitForStartup(h2).pid(), 1);
            assertEquals(List.of(), QuiescentInvariants.parallelAccounting(c.shm(), 2));
        }
        assertEquals(17, c.shm().parallelRegisterCount(), "register wrapped past 2^32");
    }

    /** S3: a stale handle never sees, waits on or terminates the slot's next worker. */
    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void staleHandleDoesNotReachTheSlotsNextWorker(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 1, 1);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle old = b.register(worker("first")).orElseThrow();
        c.exitWorker(b.waitForStartup(old).pid(), 0);
        BackgroundWorkerHandle current = b.register(worker("second")).orElseThrow();
        assertEquals(old.slot(), current.slot());
        assertNotEquals(old.generation(), current.generation());
        int pid = b.waitForStartup(current).pid();

        assertEquals(WorkerStatus.STOPPED, b.status(old));
        assertEquals(WorkerStatus.STOPPED, b.waitForShutdown(old));
        assertEquals(WorkerStatus.STOPPED, b.waitForStartup(old));
        b.terminate(old);
        c.runPostmaster();
        assertEquals(WorkerStatus.started(pid), b.status(current), "terminate on the stale handle reached nobody");
        assertTrue(c.runningWorkers().containsKey(pid));
    }

    /** Generations are uint64: a slot whose generation is at 2^64 - 1 wraps to 0 and handles stay distinct. */
    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void generationWrapsAtTwoToTheSixtyFour(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 1, 1);
        c.shm().setGeneration(0, -1L);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(worker("w")).orElseThrow();
        assertEquals(0L, h.generation());
        c.exitWorker(b.waitForStartup(h).pid(), 0);
        BackgroundWorkerHandle next = b.register(worker("w2")).orElseThrow();
        assertEquals(1L, next.generation());
        assertEquals(WorkerStatus.STOPPED, b.status(h));
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void terminateBeforeThePostmasterNoticedReleasesTheSlotAndNotifies(SlotMemoryKind kind) {
        SimulatedCluster c = new SimulatedCluster(kind.create(2), new WorkerSettings(2, 2), Variant.FIXED);
        c.startPostmaster(PmState.RUN);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(BackgroundWorker.parallel("p", 0)).orElseThrow();
        b.terminate(h); // the postmaster has not run: register and terminate are both pending
        assertEquals(WorkerStatus.STOPPED, b.waitForShutdown(h));
        assertEquals(0, c.launches(), "never started");
        assertFalse(c.shm().inUse(h.slot()), "slot released");
        assertEquals(1, b.wakeups(), "the registrant was told");
        assertEquals(List.of(), QuiescentInvariants.parallelAccounting(c.shm(), 2));
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void terminateOfListedUnstartedWorkerReportsStoppedThenReleases(SlotMemoryKind kind) {
        SimulatedCluster c = new SimulatedCluster(kind.create(2), new WorkerSettings(2, 2), Variant.FIXED);
        c.startPostmaster(PmState.STARTUP);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(worker("late").withStartTime(StartTime.RECOVERY_FINISHED)).orElseThrow();
        c.runPostmaster();
        assertEquals(WorkerStatus.NOT_YET_STARTED, b.status(h), "listed, but recovery is not finished");
        b.terminate(h);
        assertEquals(WorkerStatus.STOPPED, b.waitForStartup(h), "L2: terminate of a never-started worker answers");
        c.postmaster().recoveryFinished();
        assertEquals(0, c.launches(), "a terminated worker is never started");
        assertFalse(c.shm().inUse(h.slot()), "and its slot does not leak");
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void terminateOfRunningWorkerSendsSigtermAndYieldsStopped(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 2, 2);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle h = b.register(TestClusters.restartable("r", 0)).orElseThrow();
        b.waitForStartup(h);
        b.terminate(h);
        assertEquals(WorkerStatus.STOPPED, b.waitForShutdown(h), "SIGTERM, exit 1, and no restart");
        c.advanceTimeMicros(10_000_000);
        c.runPostmaster();
        assertEquals(1, c.launches());
        assertFalse(c.shm().inUse(h.slot()));
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void sanityCheckRejectionsSpeakPostgresWords(SlotMemoryKind kind) {
        SimulatedCluster c = running(kind, 2, 2);
        SimulatedBackend b = c.startBackend();
        BackgroundWorker w = worker("bad");
        assertEquals("background worker \"bad\": must attach to shared memory in order to request a database connection",
                assertThrows(InvalidWorkerException.class,
                        () -> b.register(w.withFlags(BgwFlags.BACKEND_DATABASE_CONNECTION))).getMessage());
        assertEquals("background worker \"bad\": cannot request database access if starting at postmaster start",
                assertThrows(InvalidWorkerException.class, () -> b.register(w.withFlags(
                        BgwFlags.SHMEM_ACCESS | BgwFlags.BACKEND_DATABASE_CONNECTION))).getMessage());
        assertEquals("background worker \"bad\": invalid restart interval",
                assertThrows(InvalidWorkerException.class, () -> b.register(w.withRestartTime(-5))).getMessage());
        assertEquals("background worker \"bad\": invalid restart interval",
                assertThrows(InvalidWorkerException.class, () -> b.register(w.withRestartTime(86_400_001))).getMessage());
        assertEquals("background worker \"bad\": parallel workers may not be configured for restart",
                assertThrows(InvalidWorkerException.class,
                        () -> b.register(BackgroundWorker.parallel("bad", 0).withRestartTime(5))).getMessage());
        assertFalse(c.shm().inUse(0), "nothing reached shared memory");
    }

    @ParameterizedTest
    @EnumSource(SlotMemoryKind.class)
    void registrationTextMustFitTheCStruct(SlotMemoryKind kind) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> worker("x".repeat(96)));
        assertTrue(e.getMessage().contains("bgw_name must be shorter than 96"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> worker("nul\0inside"));
        assertThrows(IllegalArgumentException.class, () -> worker("\u20ac uro"));
        assertEquals(95, worker("y".repeat(95)).name().length());
        assertTrue(kind.create(1).capacity() == 1);
    }
}
