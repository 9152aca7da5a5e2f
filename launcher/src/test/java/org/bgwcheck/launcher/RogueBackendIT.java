package org.bgwcheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.check.QuiescentInvariants;
import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.worker.CStrings;
import org.bgwcheck.launcher.backend.RogueScribbler;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.cluster.LiveCluster;
import org.bgwcheck.launcher.cluster.LiveCluster.Backend;
import org.bgwcheck.launcher.cluster.LiveCluster.CheckResult;
import org.bgwcheck.launcher.cluster.LiveCluster.Event;
import org.bgwcheck.launcher.support.Checks;
import org.bgwcheck.launcher.support.ClusterRun;
import org.bgwcheck.launcher.support.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * S7 with real processes: a rogue backend writes over the slot array (noise, one slot, plausible
 * registrations with unterminated non-ASCII strings, counters, slot headers; see RogueScribbler)
 * without the lock while the postmaster runs, and wakes the postmaster after each round so that
 * it meets the damage at once. The postmaster must answer after every round, never pass an unsafe
 * string to a child or keep one in its private list, and never exit; then the rogue's SIGKILL
 * forces a crash-restart, which must bring the array back to a sane state in which an honest
 * backend works again.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RogueBackendIT {

    private static final int SLOTS = 6;
    private static final int PARALLEL = 3;

    @TempDir
    Path data;

    @Test
    void aRogueBackendCannotCrashThePostmasterAndACrashRestartCleansUp() throws Exception {
        long seed = TestProfile.seed("aRogueBackendCannotCrashThePostmasterAndACrashRestartCleansUp");
        Random random = new Random(seed);
        int rounds = TestProfile.deep() ? 60 : 12;
        try (ClusterRun run = ClusterRun.start("s7-rogue-backend", LiveCluster.Options.in(data).slots(SLOTS, PARALLEL))) {
            LiveCluster cluster = run.cluster();
            // An honest backend holds a running worker and a parallel one, so the damage hits live slots too.
            Backend honest = cluster.startBackend(SessionScript.builder().register(WorkerSpec.dynamic("honest"))
                    .register(WorkerSpec.parallel("honest-p")).waitStartup("honest").waitStartup("honest-p")
                    .pause("hold").build());
            honest.await("paused", null);

            SessionScript.Builder rogueScript = SessionScript.builder();
            for (int i = 0; i < rounds; i++) {
                rogueScript.scribble(random.nextLong(), 1, damage(i, rounds).name()).pause("after-" + (i + 1));
            }
            Backend rogue = cluster.startBackend(rogueScript.build());

            Checks.run("S7", "a rogue backend scribbling over the slot array cannot crash, wedge or mislead the postmaster",
                    () -> {
                        List<String> damage = new ArrayList<>();
                        int from = 0;
                        for (int i = 0; i < rounds; i++) {
                            Event paused = cluster.awaitFrom(from, "rogue round " + (i + 1), l -> l.tag().equals("bk")
                                    && Integer.toString(rogue.pid()).equals(l.get("pid")) && "paused".equals(l.get("op")));
                            from = paused.index() + 1;
                            // The postmaster has scanned the damage (the rogue's PMSignal precedes its pause)
                            // and still answers; what it keeps and passes on stays sane.
                            Event status = cluster.status();
                            assertEquals("RUN", status.get("state"), "postmaster state after round " + (i + 1));
                            CheckResult check = cluster.check();
                            for (String v : check.violations()) {
                                assertTrue(!v.startsWith("S7"), "after round " + (i + 1) + " (seed " + seed + "): " + v);
                            }
                            rogue.resume();
                        }
                        for (Event e : cluster.events(l -> l.tag().equals("bk") && "scribbled".equals(l.get("op")))) {
                            damage.add(e.get("damage"));
                        }
                        List<String> names = new ArrayList<>();
                        for (Event e : cluster.events(l -> l.tag().equals("worker_launched"))) {
                            String name = e.text("name");
                            names.add(name);
                            assertTrue(CStrings.isSafe(name), "the postmaster passed an unsafe name to a child: " + name);
                        }
                        assertTrue(cluster.events(l -> l.tag().equals("postmaster_exited")).isEmpty(), "postmaster exited");
                        int warnings = cluster.events(l -> l.tag().equals("log") && "WARNING".equals(l.get("level"))).size();
                        return rounds + " rounds of damage (" + String.join(", ", damage) + "); the postmaster answered after"
                                + " each, kept no unsafe string (" + warnings + " warnings logged), launched "
                                + (names.size() - 2) + " workers from the damage, all with safe names; seed " + seed;
                    });

            Checks.run("S5", "after a rogue backend, a crash-restart brings the slot array back to a sane state",
                    () -> {
                        int mark = cluster.mark();
                        assertTrue(cluster.killOwnProcess(rogue.pid()), "the rogue is still running");
                        cluster.awaitFrom(mark, "the crash-restart", l -> l.tag().equals("reinitialized"));
                        CheckResult reinit = cluster.awaitCheck("reinit-1");
                        assertTrue(reinit.ok(), "after the crash-restart: " + reinit);
                        String sane;
                        {
                            SlotMemory slots = cluster.observeSharedMemory().slots();
                            assertEquals(SLOTS, slots.totalSlots(), "total_slots");
                            assertEquals(0, slots.parallelRegisterCount(), "parallel_register_count");
                            assertEquals(0, slots.parallelTerminateCount(), "parallel_terminate_count");
                            assertEquals(0, QuiescentInvariants.inUseParallel(slots));
                            int inUse = 0;
                            for (int s = 0; s < SLOTS; s++) {
                                inUse += slots.inUse(s) ? 1 : 0;
                            }
                            // Every never-restart registration is forgotten by the reset; a restartable one
                            // survives it, as in PostgreSQL, even if the damage made it up and it passed the
                            // sanity check. So: the slots in use are exactly the registrations kept.
                            int kept = reinit.summary().intValue("listed");
                            assertEquals(kept, inUse, "slots in use after the reset vs registrations kept");
                            sane = "total_slots " + slots.totalSlots() + ", counters 0/0, no parallel slot in use, "
                                    + (kept == 0 ? "every slot free" : inUse + " slot(s) in use = the " + kept
                                    + " restartable registration(s) kept across the reset");
                        }
                        // And it works: an honest backend registers, starts, terminates and stops a worker.
                        Backend after = cluster.startBackend(SessionScript.builder().register(WorkerSpec.parallel("after"))
                                .waitStartup("after").terminate("after").waitShutdown("after").build());
                        assertEquals("STARTED", after.await("startup", "after").get("result"));
                        assertEquals("STOPPED", after.await("shutdown", "after").get("result"));
                        assertEquals(0, after.awaitExit());
                        CheckResult end = cluster.check();
                        assertTrue(end.ok(), end.toString());
                        return "SIGKILL to the rogue forced crash-restart 1; the postmaster's check held (" + reinit.summary().line()
                                + "); the test's own mapping saw " + sane + "; a new backend started and stopped a parallel"
                                + " worker; register " + end.parallelRegister() + " = terminate " + end.parallelTerminate();
                    });
            cluster.shutdown(ShutdownMode.FAST);
            assertEquals(0, cluster.postmasterExitStatus(), "the postmaster's exit status");
        }
    }


    /**
     * Round i's damage: every kind that keeps total_slots first, in turn (so the postmaster's scan
     * meets each of them), and whole-array noise last: once total_slots is wrong the postmaster,
     * like PostgreSQL's, finds the array inconsistent and ignores it until the reset.
     */
    private static RogueScribbler.Damage damage(int round, int rounds) {
        RogueScribbler.Damage[] kept = {RogueScribbler.Damage.POISONED_STRINGS, RogueScribbler.Damage.ONE_SLOT,
                RogueScribbler.Damage.SLOT_HEADERS, RogueScribbler.Damage.SLOTS_NOISE, RogueScribbler.Damage.COUNTERS};
        return round >= rounds - 2 ? RogueScribbler.Damage.NOISE : kept[round % kept.length];
    }
}
