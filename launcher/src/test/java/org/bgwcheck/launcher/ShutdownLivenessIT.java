package org.bgwcheck.launcher;

import static org.bgwcheck.launcher.cluster.LiveCluster.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.worker.StartTime;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.cluster.LiveCluster;
import org.bgwcheck.launcher.cluster.LiveCluster.Backend;
import org.bgwcheck.launcher.cluster.LiveCluster.Event;
import org.bgwcheck.launcher.support.Checks;
import org.bgwcheck.launcher.support.ClusterRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * L1 with real processes: a backend waiting for a worker's startup or shutdown gets its answer
 * when a smart or a fast shutdown intervenes, and no process is left waiting when the postmaster
 * dies. The postmaster starts in hot standby, so a worker that waits for the end of recovery
 * cannot start: a backend waiting for it is provably waiting when the shutdown arrives (it said
 * so, and only promotion could start the worker).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownLivenessIT {

    @TempDir
    Path data;

    @Test
    void aSmartShutdownKeepsStartingWorkersForTheBackendsThatWait() throws Exception {
        try (ClusterRun run = ClusterRun.start("l1-smart-shutdown",
                LiveCluster.Options.in(data).slots(8, 4).initialState("hot_standby"))) {
            LiveCluster c = run.cluster();
            Backend b = c.startBackend(SessionScript.builder()
                    .register(WorkerSpec.dynamic("late")) // RECOVERY_FINISHED: not in hot standby
                    .waitStartup("late").terminate("late").waitShutdown("late").build());
            Checks.run("L1", "smart shutdown: a backend waiting for a worker's startup gets STARTED, then STOPPED, before the postmaster exits", () -> {
                b.await("waiting", "late");
                int from = c.mark();
                c.requestShutdown(ShutdownMode.SMART);
                c.awaitFrom(from, "shutdown request", match("shutdown_requested"));
                c.promote(); // recovery ends during the smart shutdown: the worker may start now
                Event started = b.await("startup", "late");
                assertEquals("STARTED", started.get("result"), started.toString());
                assertTrue(started.index() > from, "answered after the shutdown request");
                Event stopped = b.await("shutdown", "late");
                assertEquals("STOPPED", stopped.get("result"), stopped.toString());
                assertEquals(0, b.awaitExit());
                Event exit = c.awaitExit();
                assertEquals(0, c.postmasterExitStatus());
                return "the backend waited in WaitForBackgroundWorkerStartup across the smart shutdown request, got STARTED"
                        + " (pid " + started.get("worker_pid") + "), then STOPPED after terminating it; then the postmaster"
                        + " shut down (" + exit.get("exits") + ")";
            });
        }
    }

    @Test
    void aFastShutdownAnswersWaitingBackendsBeforeTheyExit() throws Exception {
        try (ClusterRun run = ClusterRun.start("l1-fast-shutdown",
                LiveCluster.Options.in(data).slots(8, 4).initialState("hot_standby"))) {
            LiveCluster c = run.cluster();
            // Backends that hold interrupts see the answer before SIGTERM takes them (HOLD_INTERRUPTS).
            // Every session ends in a pause no client message ever ends: SIGTERM is what ends it,
            // whether it arrives before or after the answer (the signal pipe and shared memory are
            // two channels, so a backend may see STOPPED before it reads its SIGTERM).
            Backend unstarted = c.startBackend(SessionScript.builder().holdInterrupts()
                    .register(WorkerSpec.dynamic("never")).waitStartup("never").resumeInterrupts().pause("end").build());
            Backend running = c.startBackend(SessionScript.builder().holdInterrupts()
                    .register(WorkerSpec.parallel("busy")).waitStartup("busy").waitShutdown("busy")
                    .resumeInterrupts().pause("end").build());
            Backend plain = c.startBackend(SessionScript.builder()
                    .register(WorkerSpec.dynamic("also-never")).waitStartup("also-never").pause("end").build());
            unstarted.await("waiting", "never");
            assertEquals("STARTED", running.await("startup", "busy").get("result"));
            c.await("busy's backend waiting for its shutdown", l -> l.tag().equals("bk")
                    && Integer.toString(running.pid()).equals(l.get("pid")) && "waiting".equals(l.get("op"))
                    && "shutdown".equals(l.get("for")));
            c.await("third backend waiting", l -> l.tag().equals("bk") && Integer.toString(plain.pid()).equals(l.get("pid"))
                    && "waiting".equals(l.get("op")));
            int from = c.mark();
            c.requestShutdown(ShutdownMode.FAST);

            Checks.run("L1", "fast shutdown: a backend waiting for a worker that can no longer start gets STOPPED", () -> {
                Event answer = unstarted.await("startup", "never");
                assertEquals("STOPPED", answer.get("result"), answer.toString());
                assertTrue(answer.index() > from);
                assertEquals("administrator_command", unstarted.await("fatal", null).get("reason"));
                assertEquals(1, unstarted.awaitExit());
                return "the unstartable worker was forgotten at the start of the shutdown and its waiting backend got"
                        + " STOPPED, then died of the SIGTERM (status 1)";
            });
            Checks.run("L1", "fast shutdown: a backend waiting for a running worker's shutdown gets STOPPED", () -> {
                Event answer = running.await("shutdown", "busy");
                assertEquals("STOPPED", answer.get("result"), answer.toString());
                assertTrue(answer.index() > from);
                assertEquals(1, running.awaitExit());
                return "the worker got SIGTERM, exited 1, and its waiting backend got STOPPED before dying of the"
                        + " pending SIGTERM (status 1)";
            });
            Checks.run("L1", "fast shutdown: a waiting backend that does not hold interrupts is not left hanging", () -> {
                assertEquals("administrator_command", c.await("plain backend fatal", l -> l.tag().equals("bk")
                        && Integer.toString(plain.pid()).equals(l.get("pid")) && "fatal".equals(l.get("op"))).get("reason"));
                assertEquals(1, plain.awaitExit());
                boolean answered = !c.events(l -> l.tag().equals("bk") && Integer.toString(plain.pid()).equals(l.get("pid"))
                        && "startup".equals(l.get("op")) && "STOPPED".equals(l.get("result"))).isEmpty();
                Event exit = c.awaitExit();
                assertEquals(0, c.postmasterExitStatus());
                return (answered ? "it saw STOPPED (the forgotten worker) before it read its SIGTERM, then died of it"
                        : "SIGTERM set its latch and CHECK_FOR_INTERRUPTS ended the wait") + " (FATAL, status 1); the"
                        + " postmaster then exited cleanly (" + exit.get("exits") + ")";
            });
        }
    }

    @Test
    void whenThePostmasterDiesNoChildIsLeftWaiting() throws Exception {
        LiveCluster.Options options = LiveCluster.Options.in(data).slots(8, 4).initialState("hot_standby")
                .staticWorker("keeper:WaitForTerminateWorkerMain:0");
        try (ClusterRun run = ClusterRun.start("l1-postmaster-death", options)) {
            LiveCluster c = run.cluster();
            Backend b = c.startBackend(SessionScript.builder()
                    .register(WorkerSpec.parallel("running").withStart(StartTime.CONSISTENT_STATE))
                    .register(WorkerSpec.dynamic("never")).waitStartup("running").waitStartup("never").build());
            assertEquals("STARTED", b.await("startup", "running").get("result"));
            b.await("waiting", "never");
            Checks.run("L1", "postmaster death: the waiting backend and every worker exit (WL_POSTMASTER_DEATH)", () -> {
                List<Integer> pids = new ArrayList<>(c.childPids());
                c.killPostmaster();
                List<String> exits = new ArrayList<>();
                for (int pid : pids) {
                    var handle = ProcessHandle.of(pid);
                    if (handle.isPresent()) {
                        CompletableFuture<ProcessHandle> gone = handle.get().onExit();
                        gone.get(c.options().waitBudget().toSeconds(), TimeUnit.SECONDS);
                    }
                    exits.add(Integer.toString(pid));
                }
                assertEquals(3, pids.size(), "a backend and two workers: " + pids);
                return "after SIGKILL to the postmaster, its " + pids.size() + " children " + exits + " saw their signal"
                        + " pipe close and exited by themselves";
            });
        }
    }
}
