package org.bgwcheck.launcher.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.bgworker.InternalBgWorkers;
import org.bgwcheck.launcher.cluster.LiveCluster;
import org.bgwcheck.launcher.cluster.LiveCluster.Backend;
import org.bgwcheck.launcher.cluster.LiveCluster.CheckResult;
import org.bgwcheck.launcher.cluster.LiveCluster.Event;
import org.bgwcheck.launcher.report.ReportText;

/**
 * {@code bin/demo}: a live cluster on screen. A postmaster process starts; in each round N backend
 * processes each register M workers (every other one parallel, some that finish by themselves),
 * wait for them to start, terminate them and wait for them to stop. Round 1 begins with injected
 * launch failures; in the chosen rounds a running shared-memory worker is killed with SIGKILL,
 * which takes the cluster through crash-restart. After every round the postmaster checks the
 * quiescent invariants. At the end it is shut down and a summary is printed: launches, failures,
 * latencies, crash-restarts, invariant checks. Exit status 0 if every check held, 1 if not, 2 for a
 * bad command line.
 */
public final class Demo {

    private final DemoOptions options;
    private final PrintStream out;
    /** No new round starts after this (leaves time for the last round and the shutdown). */
    private final long softDeadline;
    private final Random random;
    private volatile LiveCluster running;
    private String crashNote = "";

    private Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        long limit = options.timeLimitSeconds();
        this.softDeadline = System.nanoTime() + Duration.ofSeconds(Math.max(limit * 3 / 4, limit - 20)).toNanos();
        this.random = new Random(options.seed());
    }

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (DemoOptions.UsageException e) {
            if (e.getMessage() == null) {
                System.out.print(DemoOptions.USAGE);
                System.exit(0);
            }
            System.err.println("demo: " + e.getMessage());
            System.err.print(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            status = new Demo(options, System.out).run();
        } catch (LiveCluster.ClusterWaitException e) {
            System.out.println();
            System.out.println("demo: FAILED: " + e.getMessage());
            status = 1;
        } catch (Exception e) {
            System.out.println("demo: FAILED: " + e);
            status = 1;
        }
        System.exit(status);
    }

    private int run() throws Exception {
        Path data = options.dataDirectory() != null ? options.dataDirectory()
                : Files.createTempDirectory("bgwcheck-demo");
        long waitBudget = Math.min(90, options.timeLimitSeconds());
        LiveCluster.Options clusterOptions = LiveCluster.Options.in(data)
                .slots(options.maxWorkerProcesses(), options.maxParallelWorkers())
                .variant(options.variant()).waitBudget(Duration.ofSeconds(waitBudget));
        out.printf(Locale.ROOT, "bgwcheck live demo: %d round%s of %d backends x %d workers; max_worker_processes=%d,"
                        + " max_parallel_workers=%d; %d injected launch failure%s, %d crash-restart%s; variant %s; seed %d%n",
                options.rounds(), plural(options.rounds()), options.backends(), options.workers(),
                options.maxWorkerProcesses(), options.maxParallelWorkers(), options.launchFailures(),
                plural(options.launchFailures()), options.crashes(), plural(options.crashes()), options.variant(),
                options.seed());
        out.println("data directory: " + data + (options.dataDirectory() == null ? " (removed at the end)" : ""));
        long start = System.nanoTime();
        int status;
        startWatchdog();
        try (LiveCluster cluster = LiveCluster.start(clusterOptions, new Progress(out, options.verbosity()))) {
            running = cluster;
            int roundsRun = 0;
            for (int round = 0; round < options.rounds(); round++) {
                if (System.nanoTime() > softDeadline) {
                    out.println("time limit of " + options.timeLimitSeconds() + " s reached: no more rounds");
                    break;
                }
                round(cluster, round);
                roundsRun++;
            }
            long stopStart = System.nanoTime();
            say("shutting down (" + options.shutdown().name().toLowerCase(Locale.ROOT) + ")");
            Event exit = cluster.shutdown(options.shutdown());
            int pmStatus = cluster.postmasterExitStatus();
            double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
            cluster.writeTimeline(data.resolve("timeline.log"));
            status = summary(cluster, exit, pmStatus, roundsRun, (System.nanoTime() - start) / 1e9, stopSeconds, data);
        } finally {
            if (options.dataDirectory() == null) {
                deleteTree(data);
            }
        }
        return status;
    }

    /**
     * The hard bound: at the time limit the cluster is closed (fast shutdown, then SIGKILL to what
     * is left) and the demo exits 1, whatever it was waiting for.
     */
    private void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(options.timeLimitSeconds()).toNanos();
            try {
                for (long left; (left = until - System.nanoTime()) > 0; ) {
                    java.util.concurrent.TimeUnit.NANOSECONDS.sleep(left);
                }
            } catch (InterruptedException e) {
                return;
            }
            synchronized (out) {
                out.println("demo: FAILED: time limit of " + options.timeLimitSeconds() + " s exceeded; stopping the cluster");
            }
            LiveCluster cluster = running;
            if (cluster != null) {
                cluster.close();
            }
            System.exit(1);
        }, "demo-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** One round: N backend sessions at once; a crash if this round has one; then an invariant check. */
    private void round(LiveCluster cluster, int round) {
        int from = cluster.mark();
        say(String.format(Locale.ROOT, "round %d/%d: %d backends, %d workers each%s", round + 1, options.rounds(),
                options.backends(), options.workers(), options.crashInRound(round) ? ", one worker will be killed" : ""));
        if (round == 0 && options.launchFailures() > 0) {
            cluster.failNextLaunches(options.launchFailures());
            say("the next " + options.launchFailures() + " worker launch" + (options.launchFailures() == 1 ? "" : "es")
                    + " will fail (injected)");
        }
        boolean crash = options.crashInRound(round);
        List<Backend> backends = new ArrayList<>();
        for (int b = 0; b < options.backends(); b++) {
            backends.add(cluster.startBackend(session(round, b, crash)));
        }
        if (crash) {
            // The backends hold their workers (paused after the startups), so the victim is surely running.
            for (Backend b : backends) {
                String pid = Integer.toString(b.pid());
                cluster.awaitFrom(from, "backend " + pid + " paused or gone", l -> pid.equals(l.get("pid"))
                        && (l.tag().equals("child_exited") || (l.tag().equals("bk") && "paused".equals(l.get("op")))));
            }
            List<Integer> running = new ArrayList<>();
            for (Event e : cluster.events(l -> l.tag().equals("bk") && "startup".equals(l.get("op"))
                    && "STARTED".equals(l.get("result")))) {
                int pid = e.intValue("worker_pid");
                if (e.index() >= from && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    running.add(pid);
                }
            }
            if (running.isEmpty()) {
                say("no worker is running to be killed; the backends go on");
                backends.forEach(Backend::resume);
            } else {
                int pid = running.get(random.nextInt(running.size()));
                say("kill -9 worker " + pid + " (a crash: every other process must quit, shared memory is re-created)");
                crashNote += (crashNote.isEmpty() ? "" : ", ") + "SIGKILL to worker " + pid + " in round " + (round + 1);
                cluster.killForcibly(pid);
                // Quiescent again only once the crash-restart cycle is complete.
                cluster.awaitFrom(from, "the crash-restart after killing " + pid, l -> l.tag().equals("reinitialized"));
            }
        }
        for (Backend b : backends) {
            b.awaitExit();
        }
        CheckResult check = cluster.check();
        say(String.format(Locale.ROOT, "round %d done; invariants %s (register %d - terminate %d = %d parallel in use)",
                round + 1, check.ok() ? "hold" : "VIOLATED " + check.violations(), check.parallelRegister(),
                check.parallelTerminate(), check.parallelInUse()));
    }

    /**
     * Backend b's session in this round: register M workers, wait for each, terminate each, wait
     * again; in a crash round it pauses after the startups, holding its workers, until the crash.
     */
    private SessionScript session(int round, int b, boolean pauseForCrash) {
        SessionScript.Builder s = SessionScript.builder().variant(options.variant())
                .waitBudgetMillis(Math.min(120_000, options.timeLimitSeconds() * 1000L));
        List<String> labels = new ArrayList<>();
        for (int w = 0; w < options.workers(); w++) {
            String label = "r" + (round + 1) + ".b" + (b + 1) + ".w" + (w + 1);
            WorkerSpec spec = w % 2 == 0 ? WorkerSpec.parallel(label) : WorkerSpec.dynamic(label);
            if (w % 3 == 2) {
                spec = spec.withFunction(InternalBgWorkers.NOOP); // finishes by itself: exit 0
            }
            s.register(spec);
            labels.add(label);
        }
        labels.forEach(s::waitStartup);
        if (pauseForCrash) {
            s.pause("crash");
        }
        labels.forEach(s::terminate);
        labels.forEach(s::waitShutdown);
        return s.build();
    }

    // --- the summary --------------------------------------------------------------------------------

    private int summary(LiveCluster cluster, Event exit, int pmStatus, int roundsRun, double seconds, double stopSeconds,
                        Path data) {
        List<Event> all = cluster.events();
        Map<Integer, Integer> backendExits = new TreeMap<>();
        Map<Integer, Integer> workerExits = new TreeMap<>();
        int attempted = 0;
        int accepted = 0;
        int acceptedParallel = 0;
        List<Long> readyMicros = new ArrayList<>();
        List<Long> startMicros = new ArrayList<>();
        List<Long> stopMicros = new ArrayList<>();
        Map<String, Integer> startAnswers = new TreeMap<>();
        Map<String, Integer> stopAnswers = new TreeMap<>();
        int checksOk = 0;
        int checksFailed = 0;
        int c1Ok = 0;
        int c1Failed = 0;
        List<String> violations = new ArrayList<>();
        for (Event e : all) {
            switch (e.tag()) {
                case "child_exited" -> ("backend".equals(e.get("kind")) ? backendExits : workerExits)
                        .merge(e.intValue("status"), 1, Integer::sum);
                case "worker_ready" -> readyMicros.add(Long.parseLong(e.get("micros")));
                case "check" -> {
                    if ("true".equals(e.get("ok"))) {
                        checksOk++;
                    } else {
                        checksFailed++;
                    }
                }
                case "violation" -> violations.add(e.get("property") + ": " + e.text("text"));
                case "c1" -> {
                    if ("true".equals(e.get("ok"))) {
                        c1Ok++;
                    } else {
                        c1Failed++;
                    }
                }
                case "bk" -> {
                    String op = e.get("op");
                    if ("registered".equals(op)) {
                        attempted++;
                        if ("true".equals(e.get("ok"))) {
                            accepted++;
                            acceptedParallel += "true".equals(e.get("parallel")) ? 1 : 0;
                        }
                    } else if ("startup".equals(op)) {
                        startAnswers.merge(e.get("result"), 1, Integer::sum);
                        if ("STARTED".equals(e.get("result"))) {
                            startMicros.add(Long.parseLong(e.get("micros")));
                        }
                    } else if ("shutdown".equals(op)) {
                        stopAnswers.merge(e.get("result"), 1, Integer::sum);
                        stopMicros.add(Long.parseLong(e.get("micros")));
                    }
                }
                default -> { }
            }
        }
        int crashRestarts = Integer.parseInt(exit.get("crash_restarts"));
        boolean pass = checksFailed == 0 && c1Failed == 0 && pmStatus == 0;
        out.println();
        out.println("bgwcheck live demo - summary");
        row("run", String.format(Locale.ROOT, "%d of %d rounds x %d backends x %d workers in %.1f s (variant %s)", roundsRun,
                options.rounds(), options.backends(), options.workers(), seconds, options.variant()));
        row("backends", exit.get("backends") + " started; exits " + statuses(backendExits));
        row("registrations", attempted + " attempted, " + accepted + " accepted (" + acceptedParallel + " parallel), "
                + (attempted - accepted) + " refused (no free slot or parallel limit)");
        row("worker launches", exit.get("launches") + " started, " + exit.get("launch_failures")
                + " failed to launch (injected); launch to ready " + latencies(readyMicros));
        row("startup waits", answers(startAnswers) + "; register to STARTED " + latencies(startMicros));
        row("shutdown waits", answers(stopAnswers) + "; terminate to STOPPED " + latencies(stopMicros));
        row("worker exits", statuses(workerExits) + "  (0 done, 1 terminated, 2 quit for crash-restart, 137 SIGKILL)");
        row("crash-restarts", crashRestarts + (crashNote.isEmpty() ? "" : " (" + crashNote + ")")
                + "; shared memory re-initialised and checked after each");
        row("invariant checks", checksOk + " passed, " + checksFailed + " failed (S2 S4 S5 S6 S7, after every round and"
                + " every crash-restart)");
        row("C1", c1Ok + " children received exactly their startup data" + (c1Failed > 0 ? ", " + c1Failed + " did NOT" : ""));
        row("shutdown", String.format(Locale.ROOT, "%s, postmaster exit status %d after %.1f s",
                options.shutdown().name().toLowerCase(Locale.ROOT), pmStatus, stopSeconds));
        row("logs", data.resolve("timeline.log") + (options.dataDirectory() == null ? " (removed; use --data-directory to keep)" : ""));
        for (String v : violations) {
            out.println("  violation: " + v);
        }
        out.println("verdict: " + (pass ? "PASS" : "FAIL"));
        return pass ? 0 : 1;
    }

    private void row(String name, String value) {
        out.printf(Locale.ROOT, "  %-17s %s%n", name, value);
    }

    private static String statuses(Map<Integer, Integer> byStatus) {
        if (byStatus.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<Integer, Integer> e : byStatus.entrySet()) {
            s.append(s.length() == 0 ? "" : ", ").append("status ").append(e.getKey()).append(": ").append(e.getValue());
        }
        return s.toString();
    }

    private static String answers(Map<String, Integer> byAnswer) {
        if (byAnswer.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Integer> e : byAnswer.entrySet()) {
            s.append(s.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
        }
        return s.toString();
    }

    /** median / p95 / max in milliseconds. */
    static String latencies(List<Long> micros) {
        if (micros.isEmpty()) {
            return "n/a";
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "median %.0f ms, p95 %.0f ms, max %.0f ms (n=%d)",
                sorted.get((sorted.size() - 1) / 2) / 1e3, sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1) / 1e3,
                sorted.get(sorted.size() - 1) / 1e3, sorted.size());
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    private void say(String text) {
        Progress.say(out, text);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp directory; best effort
        }
    }

    /** Prints the cluster's events as they arrive, in words. */
    private static final class Progress implements java.util.function.Consumer<Event> {
        private static final long START = System.nanoTime();
        private final PrintStream out;
        private final DemoOptions.Verbosity verbosity;

        Progress(PrintStream out, DemoOptions.Verbosity verbosity) {
            this.out = out;
            this.verbosity = verbosity;
        }

        static void say(PrintStream out, String text) {
            synchronized (out) {
                out.printf(Locale.ROOT, "[%7.2fs] %s%n", (System.nanoTime() - START) / 1e9, text);
            }
        }

        @Override
        public void accept(Event e) {
            if (verbosity == DemoOptions.Verbosity.VERBOSE) {
                say(out, e.line().toString());
                return;
            }
            if (verbosity == DemoOptions.Verbosity.QUIET) {
                return;
            }
            String text = describe(e);
            if (text != null) {
                say(out, text);
            }
        }

        private static String describe(Event e) {
            return switch (e.tag()) {
                case "pm_ready" -> "postmaster " + e.get("pid") + " ready: " + e.get("max_worker_processes")
                        + " worker slots, max_parallel_workers " + e.get("max_parallel_workers") + ", shared memory "
                        + e.get("shmem");
                case "worker_launched" -> "  postmaster: worker " + ReportText.decode(e.get("name")) + " launched as pid "
                        + e.get("pid") + " (slot " + e.get("slot") + ("true".equals(e.get("parallel")) ? ", parallel)" : ")");
                case "launch_failed" -> "  postmaster: launch of " + ReportText.decode(e.get("name")) + " FAILED: "
                        + ReportText.decode(e.get("reason"));
                case "crash" -> "  postmaster: " + e.get("kind") + " " + e.get("pid") + " crashed (status " + e.get("status")
                        + "): terminating every other child";
                case "reinitialized" -> "  postmaster: all children gone; shared memory re-initialised (crash-restart "
                        + e.get("crash_restarts") + ", " + e.get("registered") + " registered workers kept)";
                case "check" -> "  postmaster: invariants " + ("true".equals(e.get("ok")) ? "hold" : "VIOLATED") + " ("
                        + e.get("id") + ")";
                case "shutdown_requested" -> "  postmaster: " + e.get("mode").toLowerCase(Locale.ROOT) + " shutdown";
                case "pm_exit" -> "  postmaster: shut down";
                case "bk" -> describeBackend(e);
                default -> null;
            };
        }

        private static String describeBackend(Event e) {
            String who = "  backend " + e.get("pid") + ": ";
            return switch (e.get("op")) {
                case "registered" -> "true".equals(e.get("ok"))
                        ? who + "registered " + e.get("as") + " in slot " + e.get("slot")
                                + ("true".equals(e.get("parallel")) ? " (parallel)" : "")
                        : who + "could not register " + e.get("as") + " (no free slot or parallel limit)";
                case "startup" -> who + e.get("as") + " " + e.get("result")
                        + (e.get("worker_pid") != null ? " as pid " + e.get("worker_pid") : "")
                        + String.format(Locale.ROOT, " after %.0f ms", Long.parseLong(e.get("micros")) / 1e3);
                case "shutdown" -> who + e.get("as") + " " + e.get("result")
                        + String.format(Locale.ROOT, " %.0f ms after terminate", Long.parseLong(e.get("micros")) / 1e3);
                case "fatal" -> who + "FATAL (" + e.get("reason") + ")";
                case "paused" -> who + "holding its workers (paused)";
                default -> null;
            };
        }
    }
}
