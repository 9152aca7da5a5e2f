package org.bgwcheck.launcher;

import static org.bgwcheck.launcher.cluster.LiveCluster.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.check.QuiescentInvariants;
import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.worker.StartTime;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.cluster.LiveCluster;
import org.bgwcheck.launcher.cluster.LiveCluster.Backend;
import org.bgwcheck.launcher.cluster.LiveCluster.CheckResult;
import org.bgwcheck.launcher.cluster.LiveCluster.Event;
import org.bgwcheck.launcher.shm.SharedMemorySegment;
import org.bgwcheck.launcher.support.Checks;
import org.bgwcheck.launcher.support.ClusterRun;
import org.bgwcheck.launcher.support.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * S5 across crash-restart cycles with real processes: in every cycle two backends fill
 * {@code max_parallel_workers} (the surplus registration is refused), hold their workers, and then
 * a worker or a backend is killed with SIGKILL. After every re-initialisation the counters start
 * again from zero and agree with the in-use parallel slots; in the first cycle a parallel worker
 * that has not started yet (it waits for the end of recovery) is pending at the crash, the case of
 * PostgreSQL commit 8ff518699f. The postmaster checks its private list against shared memory; this
 * JVM maps the segment too and checks the counters itself.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrashRestartAccountingIT {

    private static final int MAX_PARALLEL = 3;

    @TempDir
    Path data;

    @Test
    void parallelAccountingHoldsAcrossCrashRestartCycles() throws Exception {
        Random random = TestProfile.random("parallelAccountingHoldsAcrossCrashRestartCycles");
        int cycles = TestProfile.deep() ? 8 : 3;
        try (ClusterRun run = ClusterRun.start("s5-crash-restart-cycles", options(data))) {
            LiveCluster c = run.cluster();
            for (int cycle = 0; cycle < cycles; cycle++) {
                int n = cycle;
                Checks.run("S5", "crash-restart cycle " + (n + 1) + " of " + cycles + ": accounting before the crash and after the reset",
                        () -> cycle(c, n, random));
            }
            Checks.run("S5", "after " + cycles + " crash-restart cycles: parallel workers register, run and stop with exact accounting", () -> {
                Backend b = c.startBackend(SessionScript.builder()
                        .register(WorkerSpec.parallel("x")).register(WorkerSpec.parallel("y"))
                        .register(WorkerSpec.parallel("z")).register(WorkerSpec.parallel("over"))
                        .waitStartup("x").waitStartup("y").waitStartup("z")
                        .terminate("x").terminate("y").terminate("z")
                        .waitShutdown("x").waitShutdown("y").waitShutdown("z").build());
                assertEquals("false", b.await("registered", "over").get("ok"), "a fourth parallel worker exceeds the limit");
                for (String w : List.of("x", "y", "z")) {
                    assertEquals("STARTED", b.await("startup", w).get("result"));
                    assertEquals("STOPPED", b.await("shutdown", w).get("result"));
                }
                assertEquals(0, b.awaitExit());
                CheckResult check = c.check();
                assertTrue(check.ok(), check.toString());
                assertEquals(3, check.parallelRegister(), check.toString());
                assertEquals(3, check.parallelTerminate(), check.toString());
                return "3 of 4 parallel registrations accepted (limit " + MAX_PARALLEL + "), all STARTED and STOPPED; register 3 = terminate 3";
            });
            Event exit = c.shutdown(ShutdownMode.FAST);
            assertEquals(Integer.toString(cycles), exit.get("crash_restarts"), exit.toString());
            assertEquals("0", exit.get("checks_failed"), exit.toString());
        }
    }

    /** 8 slots, {@code max_parallel_workers} 3, hot standby (so that a parallel worker can be pending). */
    static LiveCluster.Options options(Path data) {
        return LiveCluster.Options.in(data).slots(8, MAX_PARALLEL).initialState("hot_standby");
    }

    /**
     * One cycle: fill the parallel limit from two backends, check, kill something, check after the
     * reset. Also FaultVariantsIT's S5 scenario (cycle 0: a parallel worker pending at the crash).
     */
    static String cycle(LiveCluster c, int cycle, Random random) throws Exception {
        int from = c.mark();
        boolean pending = cycle == 0; // the postmaster is still in hot standby: RECOVERY_FINISHED workers wait
        SessionScript.Builder first = SessionScript.builder()
                .register(WorkerSpec.parallel("a" + cycle)).register(WorkerSpec.parallel("b" + cycle));
        if (pending) {
            first.register(WorkerSpec.parallel("pending" + cycle).withStart(StartTime.RECOVERY_FINISHED));
        }
        Backend one = c.startBackend(first.waitStartup("a" + cycle).waitStartup("b" + cycle).pause("cycle" + cycle).build());
        // The second backend starts once the first has registered, so who is refused is deterministic.
        one.await("registered", "b" + cycle);
        if (pending) {
            one.await("registered", "pending" + cycle);
        }
        Backend two = c.startBackend(SessionScript.builder()
                .register(WorkerSpec.parallel("c" + cycle)).register(WorkerSpec.parallel("d" + cycle))
                .register(WorkerSpec.dynamic("e" + cycle).withStart(StartTime.CONSISTENT_STATE))
                .waitStartup("c" + cycle).waitStartup("d" + cycle).waitStartup("e" + cycle)
                .pause("cycle" + cycle).build());
        one.await("paused", null);
        two.await("paused", null);

        int accepted = 0;
        for (Event e : c.events(l -> l.tag().equals("bk") && "registered".equals(l.get("op"))
                && "true".equals(l.get("parallel")))) {
            if (e.index() >= from && "true".equals(e.get("ok"))) {
                accepted++;
            }
        }
        assertEquals(MAX_PARALLEL, accepted, "parallel registrations accepted in cycle " + cycle);
        CheckResult before = c.check();
        assertTrue(before.ok(), before.toString());
        assertEquals(MAX_PARALLEL, before.parallelInUse(), before.toString());
        // A second opinion from this JVM's own mapping of the segment.
        SharedMemorySegment shm = c.observeSharedMemory();
        assertEquals(List.of(), QuiescentInvariants.parallelAccounting(shm.slots(), MAX_PARALLEL),
                "S5 read from the mapped segment by the test JVM");

        List<Integer> running = new ArrayList<>();
        for (Event e : c.events(l -> l.tag().equals("worker_launched") && "true".equals(l.get("parallel")))) {
            if (e.index() >= from) {
                running.add(e.intValue("pid"));
            }
        }
        boolean killBackend = cycle % 2 == 1;
        int victim = killBackend ? two.pid() : running.get(random.nextInt(running.size()));
        assertTrue(c.killForcibly(victim), "SIGKILL to " + victim);
        Event reinit = c.awaitFrom(from, "re-initialisation " + (cycle + 1),
                match("reinitialized", "crash_restarts", Integer.toString(cycle + 1)));
        CheckResult after = c.awaitCheck("reinit-" + (cycle + 1));
        assertTrue(after.ok(), after.toString());
        assertEquals(0, after.parallelRegister(), after.toString());
        assertEquals(0, after.parallelTerminate(), after.toString());
        assertEquals(0, after.parallelInUse(), after.toString());
        assertTrue(c.events(l -> l.tag().equals("worker_launched") && "true".equals(l.get("parallel")))
                .stream().noneMatch(e -> e.index() > reinit.index()), "no parallel worker restarts after a crash");
        return "before: " + MAX_PARALLEL + " parallel in use, register " + before.parallelRegister() + " - terminate "
                + before.parallelTerminate() + (pending ? " (one of them not started: waits for the end of recovery)" : "")
                + "; SIGKILL to " + (killBackend ? "backend " : "parallel worker ") + victim
                + "; after the reset: register 0, terminate 0, none in use; both checks passed";
    }
}
