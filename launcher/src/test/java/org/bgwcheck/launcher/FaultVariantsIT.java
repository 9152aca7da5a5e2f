package org.bgwcheck.launcher;

import static org.bgwcheck.launcher.cluster.LiveCluster.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.launcher.backend.RogueScribbler;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.bgworker.InternalBgWorkers;
import org.bgwcheck.launcher.cluster.LiveCluster;
import org.bgwcheck.launcher.cluster.LiveCluster.Backend;
import org.bgwcheck.launcher.cluster.LiveCluster.Event;
import org.bgwcheck.launcher.signal.SignalCode;
import org.bgwcheck.launcher.soak.Finding;
import org.bgwcheck.launcher.soak.SoakObserver;
import org.bgwcheck.launcher.support.Checks;
import org.bgwcheck.launcher.support.ClusterRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Catalogued faults caught with real processes. Each {@link Scenario} is a directed, deterministic
 * run of a few seconds: it stages one situation in a live cluster, then judges everything the
 * cluster reported with the soak's checks ({@link SoakObserver}: S3 on every handle answer and
 * every SIGTERM exit, L1, C1, and the postmaster's own S2/S4/S5/S6/S7 checks). The scenario runs
 * once with the fixed protocol, which must produce no finding at all, and once with each fault it
 * can express, which must produce a finding of the property the fault breaks. Nothing here knows
 * which variant is running: the same staging and the same judgement serve every run.
 *
 * <p>Every run records an entry in {@code launcher-summary.json}: for a fault, {@code passed: false}
 * means the property was seen violated, i.e. the fault was detected.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultVariantsIT {

    @TempDir
    Path data;

    /** What a scenario does in the cluster; returns what it saw, in protocol words. */
    @FunctionalInterface
    interface Staging {
        String stage(LiveCluster cluster, Variant variant) throws Exception;
    }

    /** A directed scenario: the property it checks, the faults it can express, its cluster and staging. */
    enum Scenario {
        STALE_HANDLE_AFTER_SLOT_REUSE(Property.S3,
                "a stale handle, used after its slot was reused, neither reports nor terminates the slot's next worker",
                List.of(Fault.TERMINATE_IGNORES_GENERATION, Fault.REGISTER_KEEPS_GENERATION, Fault.STATUS_IGNORES_GENERATION),
                // One slot: the second registration can only go to the first one's slot.
                data -> LiveCluster.Options.in(data).slots(1, 1), FaultVariantsIT::staleHandleAfterSlotReuse),
        CRASH_WITH_PARALLEL_WORKER_PENDING(Property.S5,
                "parallel accounting after a SIGKILL crash-restart with a parallel worker pending (8ff518699f)",
                List.of(Fault.PRE_FIX_CRASH_ACCOUNTING),
                CrashRestartAccountingIT::options, (cluster, variant) -> CrashRestartAccountingIT.cycle(cluster, 0, new Random(0))),
        RESTARTABLE_PARALLEL_WORKER_AT_CRASH(Property.S5,
                "parallel accounting after a SIGKILL crash-restart with a restartable parallel worker asked for",
                List.of(Fault.RESTARTABLE_PARALLEL_ALLOWED),
                data -> LiveCluster.Options.in(data).slots(4, 2), FaultVariantsIT::restartableParallelAtCrash),
        NOTIFY_AFTER_BACKEND_EXIT(Property.L3,
                "a worker that outlives the backend that asked for notifications notifies no one when it stops",
                List.of(Fault.NO_STOP_NOTIFICATIONS),
                data -> LiveCluster.Options.in(data).slots(2, 1), FaultVariantsIT::notifyAfterBackendExit),
        POISONED_STRINGS(Property.S7,
                "the postmaster meets a plausible registration with unterminated non-ASCII strings and keeps only safe ones",
                List.of(Fault.TRUSTS_SHARED_STRINGS),
                data -> LiveCluster.Options.in(data).slots(4, 2), FaultVariantsIT::poisonedStrings);

        final Property property;
        final String check;
        final List<Fault> faults;
        final java.util.function.Function<Path, LiveCluster.Options> options;
        final Staging staging;

        Scenario(Property property, String check, List<Fault> faults,
                 java.util.function.Function<Path, LiveCluster.Options> options, Staging staging) {
            this.property = property;
            this.check = check;
            this.faults = faults;
            this.options = options;
            this.staging = staging;
            for (Fault f : faults) {
                if (!f.breaks().contains(property)) {
                    throw new IllegalArgumentException(f + " does not break " + property + ": it cannot be detected through it");
                }
            }
        }
    }

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            runs.add(Arguments.of(s, Variant.FIXED.name()));
            for (Fault f : s.faults) {
                runs.add(Arguments.of(s, f.name()));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("runs")
    void directedScenario(Scenario scenario, String variantName) throws Exception {
        Variant variant = Variant.parse(variantName);
        long start = System.nanoTime();
        Throwable stagingFailure = null;
        String seen = null;
        List<Finding> findings;
        double seconds;
        String runName = "fault-" + scenario.name().toLowerCase(Locale.ROOT) + "-" + variantName.toLowerCase(Locale.ROOT);
        try (ClusterRun run = ClusterRun.start(runName, scenario.options.apply(data).variant(variant))) {
            LiveCluster cluster = run.cluster();
            try {
                seen = scenario.staging.stage(cluster, variant);
            } catch (AssertionError | RuntimeException e) {
                // A fault may derail the staging (an answer it did not expect, a postmaster that died);
                // what decides is the judgement of everything reported up to here.
                stagingFailure = e;
            }
            findings = judge(cluster);
            seconds = (System.nanoTime() - start) / 1e9; // to the verdict, not counting the shutdown
        }
        List<Finding> ofProperty = findings.stream().filter(f -> f.property().equals(scenario.property.name())).toList();
        String check = scenario.check + " [" + scenario.name() + "]";
        if (variant.isFixed()) {
            boolean held = findings.isEmpty() && stagingFailure == null;
            Checks.record(check, scenario.property.name(), variantName, held, seconds,
                    held ? seen : describe(findings, stagingFailure));
            if (stagingFailure != null) {
                throw new AssertionError("the fixed protocol failed the scenario: " + describe(findings, stagingFailure),
                        stagingFailure);
            }
            assertTrue(findings.isEmpty(), "the fixed protocol violated a property: " + describe(findings, null));
        } else {
            boolean detected = !ofProperty.isEmpty();
            Checks.record(check, scenario.property.name(), variantName, !detected, seconds,
                    detected ? ofProperty.get(0).toString() + (ofProperty.size() > 1 ? " (and " + (ofProperty.size() - 1)
                            + " more " + scenario.property + " findings)" : "") : "NOT DETECTED: " + describe(findings, stagingFailure));
            if (!detected) {
                fail(variantName + " was not detected: no " + scenario.property + " violation was seen. "
                        + describe(findings, stagingFailure) + (seen == null ? "" : "; the scenario saw: " + seen), stagingFailure);
            }
        }
    }

    /**
     * The judgement, the same for every run: the soak's observer over every event (S3 answers, S3
     * terminations at this quiescent point, L1, C1, the postmaster's check violations), and S7 for
     * a postmaster that exited without being asked to (it must never throw).
     */
    private static List<Finding> judge(LiveCluster cluster) {
        List<Event> events = cluster.events();
        SoakObserver observer = new SoakObserver(1);
        observer.absorb(events);
        observer.judgeTerminations();
        List<Finding> findings = new ArrayList<>(observer.findings());
        boolean shutdownAsked = false;
        for (Event e : events) {
            shutdownAsked |= e.tag().equals("shutdown_requested");
            if (e.tag().equals("postmaster_exited") && !shutdownAsked) {
                findings.add(new Finding("S7", "the postmaster exited with status " + e.get("status")
                        + " although no shutdown was requested: " + postmasterPanic(cluster),
                        String.format(Locale.ROOT, "event %d at %.3fs", e.index(), e.micros() / 1e6)));
            }
        }
        return findings;
    }

    /** The postmaster's own PANIC or FATAL line in the server log: why it died. */
    private static String postmasterPanic(LiveCluster cluster) {
        try {
            for (String line : java.nio.file.Files.readAllLines(cluster.dataDirectory().resolve("postmaster.log"))) {
                if (line.startsWith("postmaster[") && (line.contains(": PANIC: ") || line.contains(": FATAL: "))) {
                    return line;
                }
            }
            return "no PANIC or FATAL line in its log";
        } catch (java.io.IOException e) {
            return "its log is unreadable: " + e;
        }
    }

    private static String describe(List<Finding> findings, Throwable stagingFailure) {
        String f = findings.isEmpty() ? "no finding" : "findings: " + findings;
        return stagingFailure == null ? f : f + "; the staging stopped: " + stagingFailure.getMessage();
    }

    // --- the scenarios ---------------------------------------------------------------------------------

    /**
     * S3 with one slot: a backend registers A, waits for it, terminates it and waits for its
     * shutdown; once the postmaster has handled A's exit (its status reply is the barrier) the slot
     * is free, and the backend registers B, which must land in the same slot. B is a worker that
     * works until a client message tells it it is done. Then the backend uses A's stale handle:
     * {@code status} (must answer STOPPED, never B's pid) and {@code terminate} (must not reach B).
     * Once the postmaster has handled that terminate (the backend's pause report follows its
     * PMSignal, and the status reply follows both), the controller sends B its client message on the
     * same signal pipe a SIGTERM would have used: B exits 0, unless a SIGTERM was written before the
     * message, in which case it exits 1 — which the observer judges as a termination through a
     * handle of another generation.
     */
    private static String staleHandleAfterSlotReuse(LiveCluster c, Variant variant) {
        Backend b = c.startBackend(SessionScript.builder().variant(variant)
                .register(WorkerSpec.dynamic("A")).waitStartup("A").terminate("A").waitShutdown("A").pause("A-released")
                .register(WorkerSpec.dynamic("B").withFunction(InternalBgWorkers.FINISH_ON_CLIENT_MESSAGE)).waitStartup("B")
                .status("A").terminate("A").pause("stale-handle-used").build());
        Event regA = b.await("registered", "A");
        assertEquals("STARTED", b.await("startup", "A").get("result"), "A starts");
        assertEquals("STOPPED", b.await("shutdown", "A").get("result"), "A stops after its terminate");
        Event exitA = c.await("A's exit", match("child_exited", "name", "A"));
        b.await("paused", null);
        c.status(); // barrier: A's exit is handled, its slot released
        b.resume();
        Event regB = b.await("registered", "B");
        assertEquals("true", regB.get("ok"), "B is registered into the freed slot: " + regB);
        assertEquals(regA.get("slot"), regB.get("slot"), "B reuses A's slot");
        Event startedB = b.await("startup", "B");
        assertEquals("STARTED", startedB.get("result"), "B starts");
        int pidB = startedB.intValue("worker_pid");
        Event statusA = b.await("status", "A");
        c.awaitCount("the backend's second pause", 2, l -> l.tag().equals("bk")
                && Integer.toString(b.pid()).equals(l.get("pid")) && "paused".equals(l.get("op")));
        c.status(); // barrier: the postmaster has handled the stale terminate's PMSignal
        c.signal(pidB, SignalCode.CLIENT_MESSAGE); // after any SIGTERM the postmaster sent B
        Event exitB = c.await("B's exit", match("child_exited", "name", "B"));
        b.resume();
        assertEquals(0, b.awaitExit(), "the backend ends its session");
        return "A (slot " + regA.get("slot") + " gen " + regA.get("gen") + ") ran and exited " + exitA.get("status")
                + "; B reused slot " + regB.get("slot") + " with gen " + regB.get("gen") + " as pid " + pidB
                + "; A's stale handle: status answered " + statusA.get("result")
                + (statusA.get("worker_pid") == null ? "" : " pid " + statusA.get("worker_pid"))
                + ", terminate did not reach B, which exited " + exitB.get("status") + " when told its work was done";
    }

    /**
     * S5: a backend registers a worker that runs, then asks for a parallel worker with a restart
     * interval (which the sanity check must refuse: the backend then ends with FATAL) and comes to
     * rest. SIGKILL to the first worker forces a crash-restart; the postmaster's own check right
     * after the reset must find register - terminate = the parallel registrations still in use. A
     * restartable parallel worker survives the reset that zeroed the counters, so it is in use with
     * register = terminate = 0.
     */
    private static String restartableParallelAtCrash(LiveCluster c, Variant variant) {
        Backend b = c.startBackend(SessionScript.builder().variant(variant)
                .register(WorkerSpec.dynamic("victim")).waitStartup("victim")
                .register(WorkerSpec.parallel("p").withRestart(1)).waitStartup("p").pause("before-crash").build());
        Event victim = b.await("startup", "victim");
        assertEquals("STARTED", victim.get("result"), "the victim starts");
        Event rest = c.await("backend " + b.pid() + " paused or gone", l -> Integer.toString(b.pid()).equals(l.get("pid"))
                && (l.tag().equals("child_exited") || l.tag().equals("bk") && "paused".equals(l.get("op"))));
        String parallel = rest.tag().equals("child_exited")
                ? "the restartable parallel registration was refused (the backend ended with status " + rest.get("status") + ")"
                : "the restartable parallel registration was accepted and started";
        int from = c.mark();
        assertTrue(c.killForcibly(victim.intValue("worker_pid")), "SIGKILL to the victim");
        c.awaitFrom(from, "the re-initialisation", match("reinitialized", "crash_restarts", "1"));
        LiveCluster.CheckResult after = c.awaitCheck("reinit-1");
        return parallel + "; SIGKILL to worker " + victim.get("worker_pid") + " forced crash-restart 1, after which the"
                + " postmaster's check found register " + after.parallelRegister() + ", terminate " + after.parallelTerminate()
                + ", " + after.parallelInUse() + " parallel in use" + (after.ok() ? "" : ": " + after.violations());
    }

    /**
     * L3: a backend registers a worker with itself as notify pid, waits for it to start and ends
     * its session. Once the postmaster has handled the backend's exit (status barrier), the worker
     * is stopped with SIGTERM; the postmaster must not notify the exited backend's pid of that
     * change (any such signal is reported as {@code kill_unknown_pid}: PostgreSQL's would reach
     * whichever process has the pid by then).
     */
    private static String notifyAfterBackendExit(LiveCluster c, Variant variant) {
        Backend b = c.startBackend(SessionScript.builder().variant(variant)
                .register(WorkerSpec.dynamic("W").withNotify(true)).waitStartup("W").build());
        Event started = b.await("startup", "W");
        assertEquals("STARTED", started.get("result"), "W starts");
        int pidW = started.intValue("worker_pid");
        assertEquals(0, b.awaitExit(), "the backend ends its session");
        c.status(); // barrier: the backend's exit is handled (BackgroundWorkerStopNotifications)
        assertTrue(c.signal(pidW, SignalCode.SIGTERM), "SIGTERM to W");
        Event exitW = c.await("W's exit", match("child_exited", "name", "W"));
        c.status(); // barrier: W's exit is handled and every notification it causes sent
        int stray = c.events(l -> l.tag().equals("kill_unknown_pid")).size();
        return "backend " + b.pid() + " registered W (notify pid = itself), saw it start as pid " + pidW + " and exited;"
                + " W then got SIGTERM and exited " + exitW.get("status") + "; signals to pids that are no process of the"
                + " cluster: " + stray;
    }

    /**
     * S7: a rogue backend writes one plausible registration whose name and type are unterminated
     * and non-ASCII into the slot array (a fixed seed, so always the same bytes) and rings PMSignal;
     * the postmaster must still answer, and its check must find only safe strings in its list.
     */
    private static String poisonedStrings(LiveCluster c, Variant variant) {
        Backend rogue = c.startBackend(SessionScript.builder().variant(variant)
                .scribble(7, 1, RogueScribbler.Damage.POISONED_STRINGS.name()).pause("after").build());
        Event scribbled = rogue.await("scribbled", null);
        rogue.await("paused", null);
        Event status = c.status(); // the postmaster has met the damage: the PMSignal preceded the pause
        assertEquals("RUN", status.get("state"), "the postmaster's state after the damage");
        LiveCluster.CheckResult check = c.check();
        rogue.resume();
        assertEquals(0, rogue.awaitExit(), "the rogue ends its session");
        return "damage " + scribbled.get("damage") + "; the postmaster answered in RUN and its check found "
                + (check.violations().isEmpty() ? "no violation" : check.violations());
    }
}
