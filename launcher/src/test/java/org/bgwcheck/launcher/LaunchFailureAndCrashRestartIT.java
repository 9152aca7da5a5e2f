package org.bgwcheck.launcher;

import static org.bgwcheck.launcher.cluster.LiveCluster.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.cluster.LiveCluster;
import org.bgwcheck.launcher.cluster.LiveCluster.Backend;
import org.bgwcheck.launcher.cluster.LiveCluster.CheckResult;
import org.bgwcheck.launcher.cluster.LiveCluster.Event;
import org.bgwcheck.launcher.param.PrivateTempDir;
import org.bgwcheck.launcher.signal.SignalCode;
import org.bgwcheck.launcher.support.Checks;
import org.bgwcheck.launcher.support.ClusterRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * C3 with a real postmaster process, real backends and real workers: a failed launch leaves the
 * postmaster's state consistent and the worker is retried (or, if it never restarts, forgotten and
 * reported stopped); a worker's exit 1 restarts it after its interval; a crashed shared-memory
 * worker takes the cluster through crash-restart, after which S5 holds and workers restart
 * exactly when they should.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LaunchFailureAndCrashRestartIT {

    @TempDir
    Path data;

    @Test
    void aFailedLaunchLeavesStateConsistentAndTheWorkerIsRetried() throws Exception {
        try (ClusterRun run = ClusterRun.start("c3-failed-launch", LiveCluster.Options.in(data).slots(8, 4))) {
            LiveCluster c = run.cluster();
            c.failNextLaunches(2);
            // "once" never restarts: its failed launch is final. "again" restarts after 1 s.
            Backend b = c.startBackend(SessionScript.builder()
                    .register(WorkerSpec.dynamic("once"))
                    .register(WorkerSpec.dynamic("again").withRestart(1))
                    .waitStartup("once").waitStartup("again")
                    .terminate("again").waitShutdown("again").build());

            Checks.run("C3", "a failed launch of a never-restart worker: forgotten, slot freed, registrant told STOPPED", () -> {
                Event failed = c.await("launch of once fails", match("launch_failed", "name", "once"));
                Event answer = b.await("startup", "once");
                assertEquals("STOPPED", answer.get("result"), answer.toString());
                assertTrue(c.events(match("worker_launched", "name", "once")).isEmpty(), "once must never run");
                return "launch of \"once\" failed (" + failed.text("reason") + "); it was forgotten without a retry and"
                        + " its waiting backend got STOPPED";
            });
            Checks.run("C3", "a failed launch of a restartable worker: retried after its interval, then started", () -> {
                Event failed = c.await("launch of again fails", match("launch_failed", "name", "again"));
                Event launched = c.await("again launched", match("worker_launched", "name", "again"));
                Event answer = b.await("startup", "again");
                assertTrue(failed.index() < launched.index(), "the retry comes after the failure");
                assertEquals("STARTED", answer.get("result"), answer.toString());
                assertEquals(launched.get("pid"), answer.get("worker_pid"), "the backend sees the retried worker's pid");
                assertEquals("STOPPED", b.await("shutdown", "again").get("result"));
                return "launch of \"again\" failed, was retried " + String.format("%.2f", (launched.micros() - failed.micros()) / 1e6)
                        + " s later (restart interval 1 s) as pid " + launched.get("pid") + "; the backend saw STARTED with that"
                        + " pid, then STOPPED after terminating it";
            });
            assertEquals(0, b.awaitExit());
            Checks.run("C3", "after failed launches the state is consistent (shared memory mirrors the private list, S5, no files left)", () -> {
                CheckResult check = c.check();
                assertTrue(check.ok(), check.toString());
                assertEquals(0, check.summary().intValue("in_use"), "every slot was given back: " + check);
                Path tmp = data.resolve(PrivateTempDir.DIRECTORY_NAME);
                try (var files = Files.list(tmp)) {
                    assertEquals(List.of(), files.toList(), "no parameter file is left in " + tmp);
                }
                return "check passed with every slot free (" + check.summary().line() + "); pgsql_tmp is empty";
            });
            Event exit = c.shutdown(ShutdownMode.SMART);
            assertEquals("2", exit.get("launch_failures"), exit.toString());
            assertEquals(0, c.postmasterExitStatus());
        }
    }

    @Test
    void aKilledWorkerTriggersCrashRestartAndWorkersRestartWhenTheyShould() throws Exception {
        LiveCluster.Options options = LiveCluster.Options.in(data).slots(8, 4)
                .staticWorker("keeper:WaitForTerminateWorkerMain:0")
                .staticWorker("logger:WaitForTerminateWorkerMain:0:noshmem");
        try (ClusterRun run = ClusterRun.start("c3-crash-restart", options)) {
            LiveCluster c = run.cluster();
            int keeper = c.await("keeper launched", match("worker_launched", "name", "keeper")).intValue("pid");
            int logger = c.await("logger launched", match("worker_launched", "name", "logger")).intValue("pid");
            Backend b = c.startBackend(SessionScript.builder()
                    .register(WorkerSpec.dynamic("d").withRestart(1))
                    .register(WorkerSpec.parallel("p"))
                    .waitStartup("d").waitStartup("p")
                    .pause("holding").build());
            b.await("paused", null);
            int d = b.await("startup", "d").intValue("worker_pid");
            int p = b.await("startup", "p").intValue("worker_pid");

            Checks.run("C3", "a worker that exits 1 (SIGTERM) restarts after its interval, without crash-restart", () -> {
                int from = c.mark();
                assertTrue(c.signal(d, SignalCode.SIGTERM));
                Event exited = c.awaitFrom(from, "d exits", match("child_exited", "pid", Integer.toString(d)));
                assertEquals(1, exited.intValue("status"));
                Event again = c.awaitFrom(from, "d relaunched", match("worker_launched", "name", "d"));
                assertNotEquals(d, again.intValue("pid"));
                assertTrue(c.events(match("crash")).isEmpty(), "exit 1 is not a crash");
                return "d (pid " + d + ") exited 1 and was relaunched as pid " + again.get("pid") + " "
                        + String.format("%.2f", (again.micros() - exited.micros()) / 1e6) + " s later (interval 1 s); no crash-restart";
            });
            Checks.run("C3", "a worker without shared memory killed by SIGKILL restarts alone, without crash-restart", () -> {
                int from = c.mark();
                assertTrue(c.killForcibly(logger));
                Event exited = c.awaitFrom(from, "logger exits", match("child_exited", "pid", Integer.toString(logger)));
                assertEquals(137, exited.intValue("status"));
                Event again = c.awaitFrom(from, "logger relaunched", match("worker_launched", "name", "logger"));
                assertTrue(c.events(match("crash")).isEmpty(), "a worker without shared memory cannot force crash-restart");
                return "logger (no BGWORKER_SHMEM_ACCESS) died of SIGKILL (status 137) and was relaunched alone as pid "
                        + again.get("pid");
            });
            Checks.run("S5", "parallel accounting while workers run", () -> {
                CheckResult check = c.check();
                assertTrue(check.ok(), check.toString());
                assertEquals(1, check.parallelInUse(), check.toString());
                return "register " + check.parallelRegister() + " - terminate " + check.parallelTerminate() + " = 1 parallel slot in use";
            });
            Checks.run("C3", "a shared-memory worker killed by SIGKILL forces crash-restart; restartable workers restart, never-restart ones are forgotten", () -> {
                int from = c.mark();
                assertTrue(c.killForcibly(keeper));
                Event crash = c.awaitFrom(from, "crash", match("crash"));
                assertEquals(Integer.toString(keeper), crash.get("pid"));
                Event reinit = c.awaitFrom(from, "re-initialisation", match("reinitialized", "crash_restarts", "1"));
                // Every other child was told to quit (SIGQUIT, status 2) before shared memory was re-created.
                for (int pid : new int[] {b.pid(), p}) {
                    Event exited = c.awaitFrom(from, pid + " exits", match("child_exited", "pid", Integer.toString(pid)));
                    assertEquals(2, exited.intValue("status"), exited.toString());
                    assertTrue(exited.index() < reinit.index(), "children end before the re-initialisation");
                }
                assertTrue(crash.index() < reinit.index());
                Event keeperAgain = c.awaitFrom(reinit.index(), "keeper relaunched", match("worker_launched", "name", "keeper"));
                Event dAgain = c.awaitFrom(reinit.index(), "d relaunched", match("worker_launched", "name", "d"));
                assertEquals("0", dAgain.get("notify"), "d's registrant died in the crash: nobody to notify");
                assertTrue(c.events(match("worker_launched", "name", "p")).stream().noneMatch(e -> e.index() > reinit.index()),
                        "the never-restart parallel worker is forgotten");
                return "SIGKILL to keeper (pid " + keeper + "): every other child quit with status 2, shared memory was"
                        + " re-initialised (generation " + reinit.get("shmem_generation") + "), keeper and d restarted as pids "
                        + keeperAgain.get("pid") + " and " + dAgain.get("pid") + ", the parallel worker was forgotten";
            });
            Checks.run("S5", "parallel accounting right after a crash-restart", () -> {
                CheckResult check = c.awaitCheck("reinit-1");
                assertTrue(check.ok(), check.toString());
                assertEquals(0, check.parallelRegister());
                assertEquals(0, check.parallelTerminate());
                assertEquals(0, check.parallelInUse());
                return "after the reset: register 0, terminate 0, no parallel slot in use; mirror and capacity hold";
            });
            Checks.run("C3", "a new backend registers, waits for and stops a parallel worker after the crash-restart", () -> {
                Backend after = c.startBackend(SessionScript.builder().register(WorkerSpec.parallel("q")).waitStartup("q")
                        .terminate("q").waitShutdown("q").build());
                assertEquals("STARTED", after.await("startup", "q").get("result"));
                assertEquals("STOPPED", after.await("shutdown", "q").get("result"));
                assertEquals(0, after.awaitExit());
                CheckResult check = c.check();
                assertTrue(check.ok(), check.toString());
                assertEquals(check.parallelRegister(), check.parallelTerminate(), check.toString());
                return "q STARTED then STOPPED; register " + check.parallelRegister() + " = terminate "
                        + check.parallelTerminate();
            });
            Event exit = c.shutdown(ShutdownMode.FAST);
            assertEquals("1", exit.get("crash_restarts"), exit.toString());
            Checks.run("C1", "every child the running postmaster launched (backends, workers, restarts) received exactly its startup data", () -> {
                List<Event> c1 = c.events(match("c1"));
                assertTrue(c1.size() >= 8, "c1 reports: " + c1);
                assertTrue(c1.stream().allMatch(e -> "true".equals(e.get("ok"))), "every c1 report ok: " + c1);
                assertEquals("0", exit.get("c1_failed"));
                return c1.size() + " children (a backend's session script, each worker's 544-byte BackgroundWorker image)"
                        + " echoed the length and digest of what the postmaster sent";
            });
            assertEquals(0, c.postmasterExitStatus());
        }
    }
}
