package org.bgwcheck.launcher.postmaster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.check.QuiescentInvariants;
import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.env.Log.Level;
import org.bgwcheck.core.env.Signal;
import org.bgwcheck.core.env.WorkerProcesses;
import org.bgwcheck.core.postmaster.Postmaster;
import org.bgwcheck.core.postmaster.PostmasterEnvironment;
import org.bgwcheck.core.postmaster.RegisteredWorker;
import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerCodec;
import org.bgwcheck.core.worker.WorkerSettings;
import org.bgwcheck.launcher.ChildExit;
import org.bgwcheck.launcher.ChildLaunchException;
import org.bgwcheck.launcher.ChildLauncher;
import org.bgwcheck.launcher.LaunchedChild;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.report.ChildReport;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.report.ReportText;
import org.bgwcheck.launcher.shm.SharedMemorySegment;
import org.bgwcheck.launcher.signal.OsSignals;
import org.bgwcheck.launcher.signal.SignalCode;

/**
 * The postmaster's main loop ({@code ServerLoop} with its signal handlers folded in) around core's
 * {@link Postmaster}: one thread takes events from a queue and feeds them to core, which never
 * blocks and never takes a lock. Every event source is a real one:
 *
 * <ul>
 * <li>a backend's PMSignal doorbell (a {@code pmsignal} line on its stdout, after it set the flag
 *     in shared memory) → {@code handleBackgroundWorkerChange};</li>
 * <li>a child's exit, seen when its stdout ends and {@code waitFor} returns (so every line it
 *     wrote is handled before its exit) → {@code childExited(pid, status)};</li>
 * <li>a command from the controller on stdin (start a backend, check invariants, inject launch
 *     failures, signal a child, shut down); end of stdin is a fast shutdown;</li>
 * <li>SIGTERM (smart shutdown) and SIGINT (fast shutdown), as real signals;</li>
 * <li>a tick while core has starts pending (a failed launch, a restart interval).</li>
 * </ul>
 *
 * Core's {@code WorkerProcesses} is {@link ChildLauncher} (BGWORKER, startup data =
 * {@link BackgroundWorkerCodec#encode}); its {@code ProcessSignals} writes to the child's signal
 * pipe. After a crash-restart re-initialised the slot array, the loop re-creates the rest of shared
 * memory (lock word, PMSignal flag) and checks the quiescent invariants.
 */
public final class PostmasterLoop {

    /** How often core is given a chance to start pending workers (restart intervals, retries). */
    private static final long TICK_MILLIS = 100;
    /** PostgreSQL's SIGKILL_CHILDREN_AFTER_SECS: children that ignore SIGQUIT are killed. */
    private static final long SIGKILL_AFTER_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final long START_MICROS = 1_000_000_000_000L;

    private sealed interface Event permits ChildLine, ChildExited, Command, ControllerGone, ShutdownSignal {
    }

    private record ChildLine(LiveChild child, String text) implements Event {
    }

    private record ChildExited(LiveChild child, int status, String stderr) implements Event {
    }

    private record Command(String text) implements Event {
    }

    private record ControllerGone() implements Event {
    }

    private record ShutdownSignal(ShutdownMode mode, String signal) implements Event {
    }

    private record DeferredBackend(String id, byte[] script) {
    }

    private final PostmasterOptions options;
    private final SharedMemorySegment shm;
    private final ChildLauncher launcher;
    private final PostmasterOutput out;
    private final Postmaster postmaster;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Integer, LiveChild> children = new ConcurrentHashMap<>();
    private final List<DeferredBackend> deferred = new ArrayList<>();
    private final long origin = System.nanoTime();
    private final Map<String, Integer> exitStatuses = new TreeMap<>();

    private boolean shutdownRequested;
    private boolean inCrash;
    private long crashSince;
    private boolean crashKillSent;
    private long shutdownSince;
    private boolean shutdownKillSent;
    private int seenRestarts;
    private boolean reinitCheckPending;
    private int crashesReported;
    private ChildExited exiting;
    private int launches;
    private int launchFailures;
    private int backendsStarted;
    private int checks;
    private int checksFailed;
    private int c1Ok;
    private int c1Failed;

    PostmasterLoop(PostmasterOptions options, SharedMemorySegment shm, ChildLauncher launcher, PostmasterOutput out) {
        this.options = options;
        this.shm = shm;
        this.launcher = launcher;
        this.out = out;
        PostmasterEnvironment env = new PostmasterEnvironment(this::kill, this::launchWorker,
                () -> START_MICROS + (System.nanoTime() - origin) / 1_000, out);
        this.postmaster = new Postmaster(shm.slots(),
                new WorkerSettings(options.gucs().maxWorkerProcesses(), options.gucs().maxParallelWorkers()),
                options.variant(), env);
    }

    /** Runs until the postmaster has shut down; returns the process exit status. */
    int run(InputStream commands) throws InterruptedException {
        OsSignals.handle("TERM", () -> events.add(new ShutdownSignal(ShutdownMode.SMART, "SIGTERM")));
        OsSignals.handle("INT", () -> events.add(new ShutdownSignal(ShutdownMode.FAST, "SIGINT")));
        startCommandReader(commands);
        for (BackgroundWorker w : options.staticWorkers()) {
            postmaster.registerBackgroundWorker(w);
        }
        postmaster.start(options.initialState());
        out.report(ReportLine.of("pm_ready").with("pid", ProcessHandle.current().pid())
                .with("shmem", shm.file().toString()).with("max_worker_processes", options.gucs().maxWorkerProcesses())
                .with("max_parallel_workers", options.gucs().maxParallelWorkers())
                .with("state", postmaster.state().name()).with("variant", options.variant().name())
                .with("swept", launcher.sweptAtStart()));
        while (!postmaster.hasExited()) {
            boolean ticking = postmaster.hasPendingStarts() || inCrash || shutdownRequested;
            Event event = ticking ? events.poll(TICK_MILLIS, TimeUnit.MILLISECONDS) : events.take();
            if (event != null) {
                dispatch(event);
            }
            postmaster.serverLoop();
            afterEvent();
        }
        out.report(ReportLine.of("pm_exit").with("launches", launches).with("launch_failures", launchFailures)
                .with("backends", backendsStarted).with("crash_restarts", postmaster.crashRestarts())
                .with("checks", checks).with("checks_failed", checksFailed).with("c1_ok", c1Ok)
                .with("c1_failed", c1Failed).with("exits", exitSummary()));
        return 0;
    }

    // --- events -------------------------------------------------------------------------------------

    private void dispatch(Event event) {
        if (event instanceof ChildLine line) {
            childLine(line.child(), line.text());
        } else if (event instanceof ChildExited exited) {
            childExited(exited);
        } else if (event instanceof Command command) {
            command(command.text());
        } else if (event instanceof ControllerGone) {
            out.log(Level.LOG, "controller closed stdin; fast shutdown");
            requestShutdown(ShutdownMode.FAST, "controller gone");
        } else if (event instanceof ShutdownSignal signal) {
            requestShutdown(signal.mode(), signal.signal());
        }
    }

    private void childLine(LiveChild child, String text) {
        ReportLine line = ReportLine.parse(text);
        if (line == null) {
            out.childLog(child.kind().childName() + "[" + child.pid() + "] stdout", text);
            return;
        }
        switch (line.tag()) {
            case "pmsignal" -> {
                // The doorbell: the flag says why. Coalesced signals find it already cleared.
                if (shm.pmSignal().checkAndClear()) {
                    postmaster.handleBackgroundWorkerChange();
                }
            }
            case ReportLine.READY -> out.report(ReportLine.of(child.isBackend() ? "backend_ready" : "worker_ready")
                    .with("pid", child.pid()).with("micros", (System.nanoTime() - child.launchedNanos()) / 1_000));
            case ReportLine.RECEIVED -> checkReceived(child, line);
            default -> {
                ReportLine relay = ReportLine.of(child.isBackend() ? "bk" : "wk").with("pid", child.pid())
                        .with("op", line.tag());
                for (Map.Entry<String, String> f : line.fields().entrySet()) {
                    // The relay's own pid and op come first; a child's field of the same name is kept apart.
                    String key = f.getKey().equals("pid") || f.getKey().equals("op") ? "child_" + f.getKey() : f.getKey();
                    relay.with(key, f.getValue());
                }
                out.report(relay);
            }
        }
    }

    /** C1 for children of the running postmaster: the child decoded exactly what it was launched with. */
    private void checkReceived(LiveChild child, ReportLine received) {
        boolean ok = child.kind().childName().equals(received.get("kind"))
                && Integer.toString(child.startupLength()).equals(received.get("startup_bytes"))
                && child.startupDigest().equals(received.get("startup_digest"));
        if (ok) {
            c1Ok++;
        } else {
            c1Failed++;
            out.log(Level.WARNING, child.kind().childName() + " " + child.pid() + " received " + received
                    + " but was launched as " + child.kind().childName() + " with " + child.startupLength()
                    + " bytes, digest " + child.startupDigest());
        }
        out.report(ReportLine.of("c1").with("pid", child.pid()).with("kind", child.kind().childName())
                .with("ok", Boolean.toString(ok)));
    }

    private void childExited(ChildExited exited) {
        LiveChild child = exited.child();
        children.remove(child.pid());
        out.childLog(child.kind().childName() + "[" + child.pid() + "]", exited.stderr());
        exitStatuses.merge(child.kind().childName() + "_" + exited.status(), 1, Integer::sum);
        out.report(ReportLine.of("child_exited").with("pid", child.pid()).with("kind", child.kind().childName())
                .with("status", exited.status()).with("name", token(child.name())));
        boolean before = postmaster.inCrashRecovery();
        int restartsBefore = postmaster.crashRestarts();
        exiting = exited;
        postmaster.childExited(child.pid(), exited.status());
        exiting = null;
        if (!before && (postmaster.inCrashRecovery() || postmaster.crashRestarts() > restartsBefore)) {
            reportCrash(exited, restartsBefore + 1);
        }
        inCrash = postmaster.inCrashRecovery();
    }

    /** The exit that started a crash-restart cycle, reported once, before the re-initialisation. */
    private void reportCrash(ChildExited exited, int cycle) {
        if (cycle <= crashesReported) {
            return;
        }
        crashesReported = cycle;
        LiveChild child = exited.child();
        out.report(ReportLine.of("crash").with("pid", child.pid()).with("kind", child.kind().childName())
                .with("status", exited.status()).with("name", token(child.name())));
        crashSince = System.nanoTime();
        crashKillSent = false;
    }

    private void command(String text) {
        ReportLine cmd = ReportLine.parse(text);
        if (cmd == null) {
            out.report(ReportLine.of("command_error").with("text", ReportText.encode(text)));
            return;
        }
        try {
            switch (cmd.tag()) {
                case "backend" -> startBackend(required(cmd, "id"), Base64.getUrlDecoder().decode(required(cmd, "script")));
                case "signal" -> {
                    int pid = Integer.parseInt(required(cmd, "pid"));
                    SignalCode code = SignalCode.valueOf(required(cmd, "sig"));
                    LiveChild child = children.get(pid);
                    boolean sent = child != null && child.signal(code);
                    out.report(ReportLine.of("signalled").with("pid", pid).with("sig", code.name())
                            .with("sent", Boolean.toString(sent)));
                }
                case "resume" -> {
                    int pid = Integer.parseInt(required(cmd, "pid"));
                    LiveChild child = children.get(pid);
                    boolean sent = child != null && child.isBackend() && child.signal(SignalCode.CLIENT_MESSAGE);
                    out.report(ReportLine.of("resumed_backend").with("pid", pid).with("sent", Boolean.toString(sent)));
                }
                case "fail_launches" -> {
                    int n = Integer.parseInt(required(cmd, "n"));
                    launcher.failNextStarts(ChildKind.BGWORKER, n);
                    out.report(ReportLine.of("failing_launches").with("n", n)
                            .with("pending", launcher.pendingInjectedFailures(ChildKind.BGWORKER)));
                }
                case "check" -> runCheck(required(cmd, "id"));
                case "consistent" -> {
                    postmaster.consistentStateReached();
                    out.report(ReportLine.of("state").with("state", postmaster.state().name()));
                }
                case "promote" -> {
                    postmaster.recoveryFinished();
                    out.report(ReportLine.of("state").with("state", postmaster.state().name()));
                }
                case "shutdown" -> requestShutdown(ShutdownMode.valueOf(required(cmd, "mode").toUpperCase(java.util.Locale.ROOT)),
                        "controller");
                case "status" -> out.report(ReportLine.of("status").with("state", postmaster.state().name())
                        .with("crash_recovery", Boolean.toString(postmaster.inCrashRecovery()))
                        .with("backends", postmaster.backends().size()).with("children", children.size())
                        .with("registered", postmaster.registeredWorkers().size()));
                default -> out.report(ReportLine.of("command_error").with("text", ReportText.encode(text)));
            }
        } catch (RuntimeException e) {
            out.report(ReportLine.of("command_error").with("text", ReportText.encode(text + ": " + e)));
        }
    }

    private void requestShutdown(ShutdownMode mode, String source) {
        if (!shutdownRequested) {
            shutdownSince = System.nanoTime();
        }
        shutdownRequested = true;
        out.report(ReportLine.of("shutdown_requested").with("mode", mode.name()).with("by", token(source)));
        out.log(Level.LOG, "received " + mode.name().toLowerCase(java.util.Locale.ROOT) + " shutdown request ("
                + source + ")");
        for (DeferredBackend d : deferred) {
            out.report(ReportLine.of("backend_refused").with("id", d.id()).with("reason", "shutdown"));
        }
        deferred.clear();
        postmaster.requestShutdown(mode);
    }

    /**
     * A crash-restart has re-created the slot array (core did it inside {@code childExited}): re-create
     * the rest of shared memory with it and say so. Called from the first launch after the reset, so
     * the timeline shows the re-initialisation before the restarted workers, and after each event.
     */
    private void noticeReinitialisation() {
        if (postmaster.crashRestarts() > seenRestarts) {
            if (exiting != null) {
                // This exit both started the cycle and ended it (it was the last child).
                reportCrash(exiting, postmaster.crashRestarts());
            }
            seenRestarts = postmaster.crashRestarts();
            inCrash = false;
            // No child is alive now (core waited for every one), so nobody holds the lock.
            shm.resetSynchronisation();
            int generation = shm.bumpGeneration();
            out.report(ReportLine.of("reinitialized").with("crash_restarts", seenRestarts)
                    .with("shmem_generation", generation).with("registered", postmaster.registeredWorkers().size()));
            reinitCheckPending = true;
        }
    }

    /** After each event: finish a crash-restart (check, deferred backends), escalate stuck children. */
    private void afterEvent() {
        noticeReinitialisation();
        if (reinitCheckPending) {
            reinitCheckPending = false;
            runCheck("reinit-" + seenRestarts);
            List<DeferredBackend> waiting = new ArrayList<>(deferred);
            deferred.clear();
            for (DeferredBackend d : waiting) {
                startBackend(d.id(), d.script());
            }
        }
        long now = System.nanoTime();
        if (inCrash && !crashKillSent && now - crashSince > SIGKILL_AFTER_NANOS) {
            crashKillSent = true;
            killRemaining("crash-restart");
        }
        if (shutdownRequested && !shutdownKillSent && now - shutdownSince > 3 * SIGKILL_AFTER_NANOS) {
            shutdownKillSent = true;
            killRemaining("shutdown");
        }
    }

    private void killRemaining(String why) {
        for (LiveChild child : children.values()) {
            out.log(Level.LOG, "issuing SIGKILL to recalcitrant child " + child.pid() + " (" + why + ")");
            child.process().killForcibly();
        }
    }

    // --- children -----------------------------------------------------------------------------------

    /** {@code BackendStartup}: a backend for a client, with its session script. */
    private void startBackend(String id, byte[] script) {
        if (shutdownRequested) {
            out.report(ReportLine.of("backend_refused").with("id", id).with("reason", "shutdown"));
            return;
        }
        if (postmaster.inCrashRecovery()) {
            deferred.add(new DeferredBackend(id, script));
            out.report(ReportLine.of("backend_deferred").with("id", id).with("reason", "crash_recovery"));
            return;
        }
        LaunchedChild process;
        try {
            process = launcher.launchChild(ChildKind.BACKEND, script, null);
        } catch (ChildLaunchException e) {
            out.report(ReportLine.of("backend_refused").with("id", id).with("reason", "launch_failed")
                    .with("text", ReportText.encode(e.getMessage())));
            return;
        }
        LiveChild child = track(process, "backend", -1, script);
        backendsStarted++;
        postmaster.backendStarted(child.pid());
        out.report(ReportLine.of("backend_started").with("id", id).with("pid", child.pid()));
    }

    /** Core's {@code WorkerProcesses}: {@code postmaster_child_launch(B_BG_WORKER, &rw->rw_worker, ...)}. */
    private int launchWorker(BackgroundWorker worker, int slot) {
        noticeReinitialisation();
        byte[] image = BackgroundWorkerCodec.encode(worker);
        LaunchedChild process;
        try {
            process = launcher.launchChild(ChildKind.BGWORKER, image, null);
        } catch (ChildLaunchException e) {
            launchFailures++;
            out.report(ReportLine.of("launch_failed").with("slot", slot).with("name", token(worker.name()))
                    .with("reason", ReportText.encode(e.getMessage())));
            return WorkerProcesses.LAUNCH_FAILED;
        }
        launches++;
        LiveChild child = track(process, worker.name(), slot, image);
        out.report(ReportLine.of("worker_launched").with("pid", child.pid()).with("slot", slot)
                .with("name", token(worker.name())).with("parallel", Boolean.toString(worker.isParallel()))
                .with("restart", worker.restartTime()).with("notify", worker.notifyPid()));
        return child.pid();
    }

    private LiveChild track(LaunchedChild process, String name, int slot, byte[] startupData) {
        LiveChild child = new LiveChild((int) process.pid(), process.kind(), process, name, slot, System.nanoTime(),
                ChildReport.digest(startupData), startupData.length);
        children.put(child.pid(), child);
        Thread reader = new Thread(() -> follow(child), process.kind().childName() + "-" + child.pid());
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    /** Every stdout line of the child as an event, then its exit (after its last line). */
    private void follow(LiveChild child) {
        try {
            String line;
            while ((line = child.process().nextLine()) != null) {
                events.add(new ChildLine(child, line));
            }
        } catch (IOException e) {
            // stdout broke: the process is ending; its exit follows
        }
        ChildExit exit;
        try {
            exit = child.process().awaitExit();
        } catch (IOException | InterruptedException e) {
            child.process().killForcibly();
            exit = new ChildExit(255, List.of(), List.of(), "could not collect the child's exit: " + e);
        }
        events.add(new ChildExited(child, exit.status(), exit.stderr()));
    }

    /**
     * Core's {@code ProcessSignals}: {@code kill(pid, sig)} as a byte on the signal pipe. A pid that
     * is none of this postmaster's live children is reported ({@code kill_unknown_pid}): PostgreSQL's
     * {@code kill()} would fail with ESRCH or, once the pid is reused, signal an unrelated process,
     * e.g. a notification (SIGUSR1) for a backend that has exited (L3). Children leave the table in
     * the same loop step in which core hears of their exit, so the correct protocol never does this.
     */
    private void kill(int pid, Signal signal) {
        LiveChild child = children.get(pid);
        if (child != null) {
            child.signal(SignalCode.of(signal));
        } else {
            out.report(ReportLine.of("kill_unknown_pid").with("pid", pid).with("sig", SignalCode.of(signal).name()));
        }
    }

    // --- invariants ---------------------------------------------------------------------------------

    /**
     * The quiescent invariants, checked here because only the postmaster has its private list: S5
     * (parallel accounting), S6 (capacity), S2/S4 (shared memory mirrors the list), S7 (strings).
     * Meaningful only when no backend is inside an operation; the controller chooses the moment.
     */
    private void runCheck(String id) {
        if (shm.pmSignal().checkAndClear()) {
            postmaster.handleBackgroundWorkerChange();
        }
        SlotMemory slots = shm.slots();
        List<RegisteredWorker> listed = postmaster.registeredWorkers();
        List<Violation> violations = QuiescentCheck.violations(slots, listed, options.gucs().maxWorkerProcesses(),
                options.gucs().maxParallelWorkers());
        checks++;
        if (!violations.isEmpty()) {
            checksFailed++;
        }
        for (Violation v : violations) {
            out.report(ReportLine.of("violation").with("id", id).with("property", v.property().name())
                    .with("text", ReportText.encode(v.toString())));
        }
        int inUse = 0;
        for (int s = 0; s < slots.capacity(); s++) {
            inUse += slots.inUse(s) ? 1 : 0;
        }
        out.report(ReportLine.of("check").with("id", id).with("ok", Boolean.toString(violations.isEmpty()))
                .with("violations", violations.size())
                .with("parallel_register", Integer.toUnsignedString(slots.parallelRegisterCount()))
                .with("parallel_terminate", Integer.toUnsignedString(slots.parallelTerminateCount()))
                .with("parallel_in_use", QuiescentInvariants.inUseParallel(slots)).with("in_use", inUse)
                .with("listed", listed.size()).with("state", postmaster.state().name())
                .with("crash_restarts", postmaster.crashRestarts()));
    }

    // --- helpers ------------------------------------------------------------------------------------

    private void startCommandReader(InputStream commands) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        events.add(new Command(line.strip()));
                    }
                }
            } catch (IOException e) {
                // treated as end of input
            }
            events.add(new ControllerGone());
        }, "controller-commands");
        reader.setDaemon(true);
        reader.start();
    }

    private String exitSummary() {
        if (exitStatuses.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Integer> e : exitStatuses.entrySet()) {
            s.append(s.length() == 0 ? "" : ",").append(e.getKey()).append(':').append(e.getValue());
        }
        return s.toString();
    }

    private static String required(ReportLine line, String key) {
        String v = line.get(key);
        if (v == null) {
            throw new IllegalArgumentException(line.tag() + " needs " + key + "=");
        }
        return v;
    }

    /** A worker name as a report token (names may hold spaces). */
    static String token(String name) {
        return ReportText.encode(name);
    }
}
