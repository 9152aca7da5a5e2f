package org.bgwcheck.launcher.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.launcher.cluster.LiveCluster;
import org.bgwcheck.launcher.cluster.LiveCluster.Backend;
import org.bgwcheck.launcher.cluster.LiveCluster.CheckResult;
import org.bgwcheck.launcher.cluster.LiveCluster.Event;
import org.bgwcheck.launcher.signal.SignalCode;

/**
 * {@code bin/soak}: the real-process cluster under random load and random violence for a given
 * time, checked at every quiescent point.
 *
 * <p>K backend processes run random sessions ({@link SessionGenerator}): registrations, parallel
 * and not, waits for startup and shutdown, terminations, and probes on stale handles. Each session
 * pauses a few times; a <em>cycle</em> lasts until every backend is paused or gone, and that moment
 * is a quiescent point: no backend is inside an operation and, after the {@code status} barrier,
 * the postmaster has handled everything they did. There the postmaster checks S5, S6, S2/S4 (shared
 * memory mirrors its private list) and S7 ({@code check}), and the soak judges S3 from what the
 * backends' handles answered ({@link SoakObserver}). While the backends run, the soak does chaos at
 * random: SIGKILL to a worker or a backend (a shared-memory child's death forces a crash-restart;
 * the postmaster then checks the invariants itself), SIGTERM to either, injected launch failures;
 * and now and then a smart or fast shutdown followed by a fresh start in the same data directory.
 * After every shutdown, and at the end, nothing may be left: no process, no parameter file, no
 * shared-memory file ({@link Leaks}).
 *
 * <p>Every random choice comes from one seeded {@link Random}: {@code --seed} replays the choices
 * (scripts, chaos actions, which live process is chosen by position), not the processes' timing.
 * The first violation stops the run; it is reported with the seed and the cluster's timeline up to
 * it. Exit status 0 only if nothing was violated and nothing leaked; 1 otherwise; 2 for a bad
 * command line.
 */
public final class Soak {

    /** What a run did and found: the closing report's figures. */
    public record Result(boolean passed, long seed, double seconds, long operations, int workerLaunches,
                         int backendLaunches, int launchFailures, int crashRestarts, int checksPassed, int checksFailed,
                         int quiescentPoints, int s3Checks, int incarnations, int smartShutdowns, int fastShutdowns,
                         Map<String, Integer> chaos, Leaks leaks, Finding firstViolation, String violationContext,
                         String report) {
    }

    /** A session's wait on its latch longer than this is an L1 failure the backend reports itself. */
    private static final long SESSION_WAIT_BUDGET_MILLIS = 45_000;
    /** Every controller wait (a quiescent point, a crash-restart, an exit). */
    private static final Duration CLUSTER_WAIT_BUDGET = Duration.ofSeconds(90);
    /** The whole run is bounded by the duration plus this (start-up, final shutdown, one slow wait). */
    private static final int HARD_LIMIT_GRACE_SECONDS = 180;
    /** A chaos action comes this long at most after the backends were resumed (pacing, not synchronisation). */
    private static final int CHAOS_DELAY_MAX_MILLIS = 1500;

    private enum Chaos { KILL_WORKER, KILL_BACKEND, TERM_WORKER, TERM_BACKEND, FAIL_LAUNCHES }

    private static final Chaos[] CHAOS_WEIGHTED = {Chaos.KILL_WORKER, Chaos.KILL_WORKER, Chaos.KILL_WORKER,
            Chaos.KILL_BACKEND, Chaos.KILL_BACKEND, Chaos.TERM_WORKER, Chaos.TERM_WORKER, Chaos.TERM_WORKER,
            Chaos.TERM_BACKEND, Chaos.TERM_BACKEND, Chaos.FAIL_LAUNCHES};

    /** One postmaster's life: its cluster and what has been seen of it. */
    private static final class Incarnation {
        final int number;
        final LiveCluster cluster;
        final SoakObserver observer;
        /** SIGKILLed pids and the event index at the kill: pids are reused (pid_max may be 32768). */
        final Map<Integer, Integer> pendingKills = new java.util.LinkedHashMap<>();

        Incarnation(int number, LiveCluster cluster) {
            this.number = number;
            this.cluster = cluster;
            this.observer = new SoakObserver(number);
        }

        /** Reads the events not yet seen; safe inside a wait condition (the lock is reentrant). */
        void sync() {
            observer.absorb(cluster.eventsFrom(observer.nextIndex()));
        }
    }

    private final SoakOptions options;
    private final PrintStream out;
    private final Random random;
    private final SessionGenerator sessions;
    private final long startNanos = System.nanoTime();
    private final List<Incarnation> finished = new ArrayList<>();
    private final List<Long> allPids = new ArrayList<>();
    private final List<Path> allSharedMemoryFiles = new ArrayList<>();
    private final Map<String, Integer> chaosDone = new TreeMap<>();
    private volatile Incarnation current;
    private volatile boolean timedOut;
    private Leaks leaks = Leaks.NONE;
    private Finding firstViolation;
    private String violationContext = "";
    private int backendSequence;
    private int quiescentPoints;
    private int s3Checks;
    private int smartShutdowns;
    private int fastShutdowns;
    private long lastProgress = System.nanoTime();
    private Path data;

    private Soak(SoakOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.random = new Random(options.seed());
        this.sessions = new SessionGenerator(options.variant(), SESSION_WAIT_BUDGET_MILLIS);
    }

    public static void main(String[] args) {
        SoakOptions options;
        try {
            options = SoakOptions.parse(args);
        } catch (SoakOptions.UsageException e) {
            if (e.getMessage() == null) {
                System.out.print(SoakOptions.USAGE);
                System.exit(0);
            }
            System.err.println("soak: " + e.getMessage());
            System.err.print(SoakOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            status = run(options, System.out).passed() ? 0 : 1;
        } catch (Exception e) {
            System.out.println("soak: FAILED: " + e);
            status = 1;
        }
        System.exit(status);
    }

    /** Runs a soak and prints progress and the closing report on {@code out}. */
    public static Result run(SoakOptions options, PrintStream out) throws IOException, InterruptedException {
        return new Soak(options, out).run();
    }

    private Result run() throws IOException, InterruptedException {
        data = options.dataDirectory() != null ? options.dataDirectory() : Files.createTempDirectory("bgwcheck-soak");
        Files.createDirectories(data);
        out.printf(Locale.ROOT, "bgwcheck soak: %d s, %d backends, max_worker_processes=%d, max_parallel_workers=%d,"
                        + " chaos %.2f/cycle, restart %.2f/cycle, variant %s, seed %d; load average %.2f%n",
                options.durationSeconds(), options.backends(), options.maxWorkerProcesses(), options.maxParallelWorkers(),
                options.chaos(), options.restartRate(), options.variant(), options.seed(), loadAverage());
        out.println("data directory: " + data);
        double loadAtStart = loadAverage();
        Thread watchdog = startWatchdog();
        long end = startNanos + TimeUnit.SECONDS.toNanos(options.durationSeconds());
        try {
            Incarnation inc = startIncarnation(1);
            try {
                while (System.nanoTime() < end && firstViolation == null) {
                    cycle(inc);
                    progress(inc, false);
                    if (firstViolation == null && System.nanoTime() < end && random.nextDouble() < options.restartRate()) {
                        ShutdownMode mode = random.nextBoolean() ? ShutdownMode.SMART : ShutdownMode.FAST;
                        stop(inc, mode);
                        if (firstViolation == null) {
                            inc = startIncarnation(inc.number + 1);
                        }
                    }
                }
                if (!finished.contains(inc)) {
                    stop(inc, random.nextBoolean() ? ShutdownMode.SMART : ShutdownMode.FAST);
                }
            } catch (LiveCluster.ClusterWaitException e) {
                Incarnation now = current;
                boolean pmGone = e.getMessage().startsWith("the postmaster exited");
                violation(new Finding(timedOut ? "time limit" : pmGone ? "S7" : "L1", timedOut
                        ? "the run exceeded its hard limit of " + (options.durationSeconds() + HARD_LIMIT_GRACE_SECONDS) + " s"
                        : firstLine(e.getMessage()), "incarnation " + (now == null ? 0 : now.number)), e.getMessage());
                if (now != null && !finished.contains(now)) {
                    closeAfterFailure(now);
                }
            }
        } finally {
            watchdog.interrupt();
        }
        // Everything of every incarnation, once more at the very end.
        leaks = Leaks.find(data, allPids, allSharedMemoryFiles);
        if (leaks.total() > 0 && firstViolation == null) {
            violation(new Finding("leak", leaks.toString(), "after the final shutdown"), "");
        }
        Result result = report(loadAtStart);
        if (options.dataDirectory() == null && result.passed()) {
            deleteTree(data);
        }
        return result;
    }

    // --- one cycle ----------------------------------------------------------------------------------

    /** Top up the backends, maybe some chaos while they work, then a quiescent point and its checks. */
    private void cycle(Incarnation inc) throws InterruptedException {
        inc.sync();
        int live = inc.observer.liveBackends().size();
        for (int i = live; i < options.backends(); i++) {
            String prefix = "i" + inc.number + ".b" + (++backendSequence);
            Optional<Backend> b = inc.cluster.tryStartBackend(sessions.next(prefix, random));
            if (b.isEmpty()) {
                break;
            }
        }
        if (random.nextDouble() < options.chaos()) {
            // Pacing: let the backends get going, so that the chaos lands in the middle of their work.
            Thread.sleep(random.nextInt(CHAOS_DELAY_MAX_MILLIS));
            chaos(inc, CHAOS_WEIGHTED[random.nextInt(CHAOS_WEIGHTED.length)]);
        }
        quiesce(inc);
        checkpoint(inc);
        resumeAll(inc);
    }

    private void chaos(Incarnation inc, Chaos action) {
        inc.sync();
        SoakObserver o = inc.observer;
        switch (action) {
            case KILL_WORKER, TERM_WORKER -> {
                List<Integer> workers = new ArrayList<>(o.liveWorkers);
                if (workers.isEmpty()) {
                    return;
                }
                int pid = workers.get(random.nextInt(workers.size()));
                if (action == Chaos.KILL_WORKER) {
                    kill(inc, pid, "worker " + pid + " (" + o.nameOf(pid) + ")");
                } else {
                    o.signalledBySoak(pid);
                    if (inc.cluster.signal(pid, SignalCode.SIGTERM)) {
                        count("SIGTERM to a worker");
                        say("SIGTERM to worker " + pid + " (" + o.nameOf(pid) + "): it exits 1");
                    }
                }
            }
            case KILL_BACKEND, TERM_BACKEND -> {
                List<Integer> backends = o.liveBackends();
                if (backends.isEmpty()) {
                    return;
                }
                int pid = backends.get(random.nextInt(backends.size()));
                if (action == Chaos.KILL_BACKEND) {
                    kill(inc, pid, "backend " + pid);
                } else if (inc.cluster.signal(pid, SignalCode.SIGTERM)) {
                    count("SIGTERM to a backend");
                    say("SIGTERM to backend " + pid + ": it dies at its next CHECK_FOR_INTERRUPTS (exit 1)");
                }
            }
            case FAIL_LAUNCHES -> {
                int n = 1 + random.nextInt(2);
                inc.cluster.failNextLaunches(n);
                count("injected launch failures");
                say("the next " + n + " worker launch" + (n == 1 ? "" : "es") + " will fail (injected)");
            }
            default -> throw new IllegalStateException(action.name());
        }
    }

    private void kill(Incarnation inc, int pid, String what) {
        int mark = inc.cluster.mark();
        if (inc.cluster.killOwnProcess(pid)) {
            inc.pendingKills.put(pid, mark);
            count(what.startsWith("worker") ? "SIGKILL to a worker" : "SIGKILL to a backend");
            say("kill -9 " + what + ": a shared-memory child's death, so a crash-restart");
        }
    }

    /**
     * Waits for a quiescent point: every SIGKILL's exit seen, no crash-restart under way, every
     * backend paused or gone, and the postmaster past all of it (the {@code status} barrier).
     */
    private void quiesce(Incarnation inc) {
        LiveCluster cluster = inc.cluster;
        for (Map.Entry<Integer, Integer> kill : inc.pendingKills.entrySet()) {
            // From the kill on: an earlier exit of another process with the same pid does not count.
            cluster.awaitFrom(kill.getValue(), "the exit of killed process " + kill.getKey(),
                    LiveCluster.match("child_exited", "pid", Integer.toString(kill.getKey())));
        }
        inc.pendingKills.clear();
        // At most a few rounds: only an unexpected crash (none in a correct run) makes a second one.
        for (int round = 0; round < 5; round++) {
            awaitCrashRestart(inc);
            cluster.awaitCondition("every backend paused or gone (a quiescent point)", () -> {
                inc.sync();
                return inc.observer.allBackendsAtRest() && !inc.observer.inCrashRestart();
            });
            Event status = cluster.status();
            inc.sync();
            if (!Boolean.parseBoolean(status.get("crash_recovery")) && !inc.observer.inCrashRestart()) {
                return;
            }
        }
        throw new LiveCluster.ClusterWaitException("no quiescent point: crash-restarts keep coming", cluster.timeline(60));
    }

    private static void awaitCrashRestart(Incarnation inc) {
        Event status = inc.cluster.status();
        if (Boolean.parseBoolean(status.get("crash_recovery"))) {
            inc.cluster.awaitFrom(status.index(), "the end of the crash-restart", l -> l.tag().equals("reinitialized"));
        }
        inc.sync();
    }

    /** The checks of a quiescent point: the postmaster's (S5, S6, S2/S4, S7) and the soak's own (S3). */
    private void checkpoint(Incarnation inc) {
        CheckResult check = inc.cluster.check();
        inc.sync();
        quiescentPoints++;
        inc.observer.judgeTerminations();
        if (!check.ok() && inc.observer.findings().isEmpty()) {
            inc.observer.findings().add(new Finding("check", check.toString(), "incarnation " + inc.number));
        }
        if (!inc.observer.findings().isEmpty()) {
            violation(inc.observer.findings().get(0), inc.cluster.timeline(40));
        }
    }

    private void resumeAll(Incarnation inc) {
        inc.sync();
        for (Map.Entry<Integer, SoakObserver.BackendState> b : inc.observer.backends.entrySet()) {
            if (b.getValue().waitingForResume()) {
                b.getValue().resumed++;
                inc.cluster.resume(b.getKey());
            }
        }
    }

    // --- incarnations -------------------------------------------------------------------------------

    private Incarnation startIncarnation(int number) throws IOException, InterruptedException {
        LiveCluster.Options clusterOptions = LiveCluster.Options.in(data)
                .slots(options.maxWorkerProcesses(), options.maxParallelWorkers())
                .variant(options.variant()).waitBudget(CLUSTER_WAIT_BUDGET);
        LiveCluster cluster = LiveCluster.start(clusterOptions, printer());
        Incarnation inc = new Incarnation(number, cluster);
        current = inc;
        inc.sync();
        allPids.add(cluster.postmasterPid());
        allSharedMemoryFiles.add(cluster.sharedMemoryFile());
        count("postmaster starts");
        say("postmaster " + cluster.postmasterPid() + " started (incarnation " + number + "), shared memory "
                + cluster.sharedMemoryFile().getFileName());
        return inc;
    }

    /**
     * Smart or fast shutdown: paused backends are resumed until they have all finished (smart) or
     * died of their SIGTERM (fast); the postmaster must exit 0 and leave nothing behind.
     */
    private void stop(Incarnation inc, ShutdownMode mode) {
        LiveCluster cluster = inc.cluster;
        say(mode.name().toLowerCase(Locale.ROOT) + " shutdown of postmaster " + cluster.postmasterPid());
        if (mode == ShutdownMode.SMART) {
            smartShutdowns++;
        } else {
            fastShutdowns++;
        }
        count(mode.name().toLowerCase(Locale.ROOT) + " shutdowns");
        cluster.requestShutdown(mode);
        for (;;) {
            cluster.awaitCondition("every backend paused or gone during the shutdown", () -> {
                inc.sync();
                return inc.observer.allBackendsAtRest();
            });
            if (inc.observer.liveBackends().isEmpty()) {
                break;
            }
            resumeAll(inc);
        }
        cluster.awaitExit();
        int status = cluster.postmasterExitStatus();
        inc.sync();
        finished.add(inc);
        inc.observer.judgeTerminations();
        for (Event e : cluster.events(l -> l.tag().equals("backend_started") || l.tag().equals("worker_launched"))) {
            allPids.add((long) e.intValue("pid"));
        }
        Leaks found;
        try {
            found = Leaks.find(data, pidsOf(cluster), List.of(cluster.sharedMemoryFile()));
        } catch (IOException e) {
            found = new Leaks(List.of(), List.of("could not list " + data + ": " + e.getMessage()), List.of());
        }
        leaks = leaks.plus(found);
        writeTimeline(inc);
        cluster.close();
        say(String.format(Locale.ROOT, "postmaster %d exited with status %d; left behind: %s", cluster.postmasterPid(),
                status, found));
        if (status != 0) {
            violation(new Finding("S7", "postmaster exited with status " + status + " after a "
                    + mode.name().toLowerCase(Locale.ROOT) + " shutdown", "incarnation " + inc.number), cluster.timeline(40));
        } else if (!inc.observer.findings().isEmpty()) {
            violation(inc.observer.findings().get(0), cluster.timeline(40));
        } else if (found.total() > 0) {
            violation(new Finding("leak", found.toString(), "incarnation " + inc.number), cluster.timeline(40));
        }
    }

    private static List<Long> pidsOf(LiveCluster cluster) {
        List<Long> pids = new ArrayList<>();
        pids.add(cluster.postmasterPid());
        for (int pid : cluster.childPids()) {
            pids.add((long) pid);
        }
        return pids;
    }

    private void closeAfterFailure(Incarnation inc) {
        for (int pid : inc.cluster.childPids()) {
            allPids.add((long) pid);
        }
        inc.cluster.close();
        writeTimeline(inc);
        finished.add(inc);
    }

    /**
     * Saves an exited incarnation's report lines and server log as {@code timeline-<n>.log}. Every
     * postmaster appends to the data directory's {@code postmaster.log}, so the incarnation's part is
     * moved into its timeline and the file removed: the next timeline holds only its own.
     */
    private void writeTimeline(Incarnation inc) {
        try {
            inc.cluster.writeTimeline(data.resolve("timeline-" + inc.number + ".log"));
            Files.deleteIfExists(data.resolve("postmaster.log"));
        } catch (IOException e) {
            say("could not write the timeline of incarnation " + inc.number + ": " + e.getMessage());
        }
    }

    /** At the hard limit the running cluster is closed, which ends every wait at once. */
    private Thread startWatchdog() {
        Thread watchdog = new Thread(() -> {
            long until = startNanos + TimeUnit.SECONDS.toNanos(options.durationSeconds() + HARD_LIMIT_GRACE_SECONDS);
            try {
                for (long left; (left = until - System.nanoTime()) > 0; ) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            } catch (InterruptedException e) {
                return;
            }
            timedOut = true;
            say("time limit exceeded: closing the cluster");
            Incarnation inc = current;
            if (inc != null) {
                inc.cluster.close();
            }
        }, "soak-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    // --- reporting ----------------------------------------------------------------------------------

    private void violation(Finding finding, String context) {
        if (firstViolation == null) {
            firstViolation = finding;
            violationContext = context;
            say("VIOLATION " + finding);
        }
    }

    private void count(String what) {
        chaosDone.merge(what, 1, Integer::sum);
    }

    private Consumer<Event> printer() {
        return e -> {
            switch (options.verbosity()) {
                case VERBOSE -> say(e.line().toString());
                case NORMAL -> {
                    switch (e.tag()) {
                        case "crash" -> say("  postmaster: " + e.get("kind") + " " + e.get("pid") + " died (status "
                                + e.get("status") + "): crash-restart, every other child must quit");
                        case "reinitialized" -> say("  postmaster: shared memory re-initialised (crash-restart "
                                + e.get("crash_restarts") + ", " + e.get("registered") + " registered workers kept)");
                        case "violation" -> say("  postmaster: VIOLATION " + e.get("property") + " " + e.text("text"));
                        default -> { }
                    }
                }
                default -> { }
            }
        };
    }

    private void progress(Incarnation inc, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastProgress < TimeUnit.SECONDS.toNanos(options.progressSeconds())) {
            return;
        }
        lastProgress = now;
        Totals t = totals();
        inc.sync();
        say(String.format(Locale.ROOT, "progress: %d ops, %d worker launches, %d crash-restarts, %d checks passed"
                        + " (%d failed), %d quiescent points, incarnation %d, %d workers live; load %.2f",
                t.operations, t.workerLaunches, t.crashRestarts, t.checksPassed + s3Checks, t.checksFailed, quiescentPoints,
                inc.number, inc.observer.liveWorkers.size(), loadAverage()));
    }

    private record Totals(long operations, int workerLaunches, int backendLaunches, int launchFailures, int crashRestarts,
                          int checksPassed, int checksFailed, int registrations, int accepted, int parallel, int waits,
                          int terminates, int statusCalls, int reinitChecks, int c1Ok, Map<String, Integer> exits) {
    }

    private Totals totals() {
        List<Incarnation> all = new ArrayList<>(finished);
        Incarnation now = current;
        if (now != null && !all.contains(now)) {
            all.add(now);
        }
        long ops = 0;
        int launches = 0, backends = 0, failures = 0, crashes = 0, passed = 0, failed = 0, regs = 0, acc = 0, par = 0;
        int waits = 0, terms = 0, status = 0, reinit = 0, c1 = 0;
        Map<String, Integer> exits = new TreeMap<>();
        for (Incarnation inc : all) {
            SoakObserver o = inc.observer;
            launches += o.workerLaunches;
            backends += o.backendsStarted;
            failures += o.launchFailures;
            crashes += o.reinitialized;
            passed += o.checksPassed;
            failed += o.checksFailed;
            regs += o.registrations;
            acc += o.registrationsAccepted;
            par += o.parallelAccepted;
            waits += o.waits;
            terms += o.terminates;
            status += o.statusCalls;
            reinit += o.reinitChecks;
            c1 += o.c1Ok;
            o.exitStatuses.forEach((k, v) -> exits.merge(k, v, Integer::sum));
        }
        int chaos = 0;
        int s3 = 0;
        for (Incarnation inc : all) {
            s3 += inc.observer.handleReports + inc.observer.terminationsJudged;
        }
        s3Checks = s3;
        for (int c : chaosDone.values()) {
            chaos += c;
        }
        ops = (long) regs + waits + terms + status + backends + chaos;
        return new Totals(ops, launches, backends, failures, crashes, passed, failed, regs, acc, par, waits, terms, status,
                reinit, c1, exits);
    }

    private Result report(double loadAtStart) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Totals t = totals();
        int incarnations = finished.size();
        boolean passed = firstViolation == null && leaks.total() == 0;
        StringBuilder r = new StringBuilder();
        r.append("\nbgwcheck soak - summary\n");
        row(r, "run", String.format(Locale.ROOT, "%.1f s (load %d s requested), %d backends, %d slots, max_parallel_workers %d,"
                        + " variant %s", seconds, options.durationSeconds(), options.backends(), options.maxWorkerProcesses(),
                options.maxParallelWorkers(), options.variant()));
        row(r, "seed", options.seed() + "  (replay: " + options.replayCommand() + ")");
        row(r, "operations", String.format(Locale.ROOT, "%d: %d registrations (%d accepted, %d parallel; %d refused),"
                        + " %d waits, %d terminates, %d status, %d backend sessions, %d chaos actions", t.operations,
                t.registrations, t.accepted, t.parallel, t.registrations - t.accepted, t.waits, t.terminates, t.statusCalls,
                t.backendLaunches, t.operations - t.registrations - t.waits - t.terminates - t.statusCalls - t.backendLaunches));
        row(r, "chaos, lifecycle", chaosDone.toString());
        row(r, "launches", String.format(Locale.ROOT, "%d workers, %d backends, %d postmasters; %d worker launches failed"
                + " (injected)", t.workerLaunches, t.backendLaunches, incarnations, t.launchFailures));
        row(r, "crash-restarts", t.crashRestarts + " (each followed by the postmaster's own check)");
        row(r, "shutdowns", smartShutdowns + " smart, " + fastShutdowns + " fast; each followed by a leak check"
                + (incarnations > 1 ? " and a fresh start" : ""));
        row(r, "invariant checks", String.format(Locale.ROOT, "%d passed, %d failed: postmaster S5 S6 S2/S4 S7 at %d"
                        + " quiescent points and after %d crash-restarts; S3 on %d STARTED answers and worker terminations",
                t.checksPassed + s3Checks, t.checksFailed, quiescentPoints, t.reinitChecks, s3Checks));
        row(r, "C1", t.c1Ok + " children received exactly their startup data");
        row(r, "exits", t.exits.toString());
        row(r, "leaked", leaks.toString());
        row(r, "load average", String.format(Locale.ROOT, "%.2f at start, %.2f at end (%d cores)", loadAtStart, loadAverage(),
                Runtime.getRuntime().availableProcessors()));
        row(r, "logs", data + (options.dataDirectory() == null && passed ? " (removed; use --data-directory to keep)"
                : " (timeline-<incarnation>.log)"));
        if (firstViolation != null) {
            r.append("first violation (seed ").append(options.seed()).append("): ").append(firstViolation).append('\n');
            r.append("what led to it:\n").append(violationContext.isEmpty() ? "  (see the timelines)\n" : violationContext);
        }
        r.append("verdict: ").append(passed ? "PASS" : "FAIL").append('\n');
        synchronized (out) {
            out.print(r);
            out.flush();
        }
        return new Result(passed, options.seed(), seconds, t.operations, t.workerLaunches, t.backendLaunches,
                t.launchFailures, t.crashRestarts, t.checksPassed + s3Checks, t.checksFailed, quiescentPoints, s3Checks,
                incarnations, smartShutdowns, fastShutdowns, Map.copyOf(chaosDone), leaks, firstViolation, violationContext,
                r.toString());
    }

    private static void row(StringBuilder r, String name, String value) {
        r.append(String.format(Locale.ROOT, "  %-17s %s%n", name, value));
    }

    private void say(String text) {
        if (options.verbosity() == SoakOptions.Verbosity.QUIET && !text.startsWith("VIOLATION")) {
            return;
        }
        synchronized (out) {
            out.printf(Locale.ROOT, "[%8.2fs] %s%n", (System.nanoTime() - startNanos) / 1e9, text);
            out.flush();
        }
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
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
}
