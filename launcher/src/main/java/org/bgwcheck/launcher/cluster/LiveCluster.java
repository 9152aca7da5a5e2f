package org.bgwcheck.launcher.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.exec.ChildJvm;
import org.bgwcheck.launcher.postmaster.PostmasterMain;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.report.ReportText;
import org.bgwcheck.launcher.shm.SharedMemorySegment;
import org.bgwcheck.launcher.signal.SignalCode;

/**
 * A running cluster seen from outside: starts the postmaster process, talks to it over its stdin
 * (commands) and stdout (report lines, kept in order as {@link Event}s), and offers what the
 * integration tests and the demo need — start backends with a session script, inject launch
 * failures, kill processes, check invariants, shut down — each wait bounded by a budget and failing
 * with the cluster's timeline rather than hanging.
 *
 * <p>{@link #close()} always leaves nothing behind: a fast shutdown, then SIGKILL to the postmaster
 * and to every process it started that is still alive, then the shared-memory file is removed.
 */
public final class LiveCluster implements AutoCloseable {

    /** One report line from the postmaster, stamped with the time since the cluster started. */
    public record Event(int index, long micros, ReportLine line) {
        public String tag() {
            return line.tag();
        }

        public String get(String key) {
            return line.get(key);
        }

        public int intValue(String key) {
            String v = line.get(key);
            if (v == null) {
                throw new IllegalStateException("event has no " + key + ": " + line);
            }
            return Integer.parseInt(v);
        }

        /** A field that holds encoded free text (log messages, violations, names). */
        public String text(String key) {
            return ReportText.decode(line.get(key));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%9.3fs %s", micros / 1e6, line);
        }
    }

    /** What a check of the quiescent invariants found. */
    public record CheckResult(String id, boolean ok, List<String> violations, Event summary) {
        public int parallelInUse() {
            return summary.intValue("parallel_in_use");
        }

        public long parallelRegister() {
            return Long.parseLong(summary.get("parallel_register"));
        }

        public long parallelTerminate() {
            return Long.parseLong(summary.get("parallel_terminate"));
        }

        @Override
        public String toString() {
            return summary.line() + (violations.isEmpty() ? "" : " " + violations);
        }
    }

    /** A running backend: its pid and the events of its session. */
    public final class Backend {
        private final int pid;

        Backend(int pid) {
            this.pid = pid;
        }

        public int pid() {
            return pid;
        }

        /** Waits for this backend's report {@code op} (for {@code label}, if not null). */
        public Event await(String op, String label) {
            return LiveCluster.this.await("backend " + pid + " " + op + (label == null ? "" : " " + label),
                    l -> l.tag().equals("bk") && Integer.toString(pid).equals(l.get("pid")) && op.equals(l.get("op"))
                            && (label == null || label.equals(l.get("as"))));
        }

        /** Waits for this backend to exit; its status. */
        public int awaitExit() {
            return LiveCluster.this.await("backend " + pid + " exits", l -> l.tag().equals("child_exited")
                    && Integer.toString(pid).equals(l.get("pid"))).intValue("status");
        }

        /** Sends the client message a paused session waits for. */
        public void resume() {
            LiveCluster.this.resume(pid);
        }
    }

    private static ChildJvm sharedChildJvm;

    private final Options options;
    private final Process postmaster;
    private final OutputStream commands;
    private final long startNanos = System.nanoTime();
    private final List<Event> events = new ArrayList<>();
    private final Set<Integer> childPids = new HashSet<>();
    private final Consumer<Event> listener;
    private int nextId;
    private boolean closed;

    private LiveCluster(Options options, Process postmaster, Consumer<Event> listener) {
        this.options = options;
        this.postmaster = postmaster;
        this.commands = postmaster.getOutputStream();
        this.listener = listener;
    }

    /** How a cluster is started. Defaults: 8 worker slots, 8 parallel, RUN, FIXED, 90 s per wait. */
    public record Options(Path dataDirectory, int maxWorkerProcesses, int maxParallelWorkers, String initialState,
                          Variant variant, List<String> staticWorkers, String libraryPath, Duration waitBudget) {
        public static Options in(Path dataDirectory) {
            return new Options(dataDirectory, 8, 8, "run", Variant.FIXED, List.of(), "", Duration.ofSeconds(90));
        }

        public Options slots(int maxWorkers, int maxParallel) {
            return new Options(dataDirectory, maxWorkers, maxParallel, initialState, variant, staticWorkers,
                    libraryPath, waitBudget);
        }

        public Options initialState(String state) {
            return new Options(dataDirectory, maxWorkerProcesses, maxParallelWorkers, state, variant, staticWorkers,
                    libraryPath, waitBudget);
        }

        public Options variant(Variant v) {
            return new Options(dataDirectory, maxWorkerProcesses, maxParallelWorkers, initialState, v, staticWorkers,
                    libraryPath, waitBudget);
        }

        /** NAME:FUNCTION:RESTART[:noshmem] (see PostmasterOptions). */
        public Options staticWorker(String spec) {
            List<String> more = new ArrayList<>(staticWorkers);
            more.add(spec);
            return new Options(dataDirectory, maxWorkerProcesses, maxParallelWorkers, initialState, variant,
                    List.copyOf(more), libraryPath, waitBudget);
        }

        public Options waitBudget(Duration budget) {
            return new Options(dataDirectory, maxWorkerProcesses, maxParallelWorkers, initialState, variant,
                    staticWorkers, libraryPath, budget);
        }

        /** A fresh name for the segment: in /dev/shm (like POSIX shared memory) if there is one. */
        Path newSharedMemoryFile() {
            Path devShm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(devShm) && Files.isWritable(devShm) ? devShm : dataDirectory;
            return dir.resolve("bgwcheck-" + UUID.randomUUID() + ".shm").toAbsolutePath();
        }
    }

    /** The launcher jar's child JVM, probed once per JVM and passed on to every postmaster. */
    public static synchronized ChildJvm childJvm() throws IOException, InterruptedException {
        if (sharedChildJvm == null) {
            sharedChildJvm = ChildJvm.forLauncherJar();
        }
        return sharedChildJvm;
    }

    public static LiveCluster start(Options options) throws IOException, InterruptedException {
        return start(options, event -> { });
    }

    /**
     * Starts the postmaster and waits until it is ready.
     *
     * @param listener called for every event, on the reader thread, in order (the demo prints)
     */
    public static LiveCluster start(Options options, Consumer<Event> listener) throws IOException, InterruptedException {
        Files.createDirectories(options.dataDirectory());
        ChildJvm jvm = childJvm();
        List<String> args = new ArrayList<>();
        args.add("--data-directory=" + options.dataDirectory().toAbsolutePath());
        args.add("--shared-memory=" + options.newSharedMemoryFile());
        args.add("--max-worker-processes=" + options.maxWorkerProcesses());
        args.add("--max-parallel-workers=" + options.maxParallelWorkers());
        args.add("--initial-state=" + options.initialState());
        args.add("--variant=" + options.variant().name());
        args.add("--library-path=" + options.libraryPath());
        args.add("--cds-archive=" + jvm.cdsArchive().map(Path::toString).orElse("none"));
        for (String w : options.staticWorkers()) {
            args.add("--static-worker=" + w);
        }
        ProcessBuilder command = jvm.command(PostmasterMain.class.getName(), args.toArray(new String[0]));
        command.redirectError(ProcessBuilder.Redirect.appendTo(options.dataDirectory().resolve("postmaster.log").toFile()));
        LiveCluster cluster = new LiveCluster(options, command.start(), listener);
        cluster.startReader();
        try {
            Event ready = cluster.await("postmaster ready", l -> l.tag().equals("pm_ready") || l.tag().equals("pm_fatal"));
            if (ready.tag().equals("pm_fatal")) {
                throw new IllegalStateException("postmaster did not start: " + ready.text("text"));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startReader() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(postmaster.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String text;
                while ((text = in.readLine()) != null) {
                    ReportLine line = ReportLine.parse(text);
                    add(line != null ? line : ReportLine.of("pm_stdout").with("text", ReportText.encode(text)));
                }
            } catch (IOException e) {
                // the postmaster is gone; its exit follows
            }
            int status;
            try {
                status = postmaster.waitFor();
            } catch (InterruptedException e) {
                status = -1;
            }
            add(ReportLine.of("postmaster_exited").with("status", status));
        }, "postmaster-reports");
        reader.setDaemon(true);
        reader.start();
    }

    private void add(ReportLine line) {
        Event event;
        synchronized (events) {
            event = new Event(events.size(), (System.nanoTime() - startNanos) / 1_000, line);
            events.add(event);
            if (line.tag().equals("backend_started") || line.tag().equals("worker_launched")) {
                childPids.add(Integer.parseInt(line.get("pid")));
            }
            events.notifyAll();
        }
        listener.accept(event);
    }

    // --- waiting ------------------------------------------------------------------------------------

    /**
     * A report line with this tag and these fields, e.g. {@code match("worker_launched", "name", "d")};
     * values compare as written on the line (names are URL-encoded: plain tokens stay as they are).
     */
    public static Predicate<ReportLine> match(String tag, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        return line -> {
            if (!line.tag().equals(tag)) {
                return false;
            }
            for (int i = 0; i < keyValues.length; i += 2) {
                if (!keyValues[i + 1].equals(line.get(keyValues[i]))) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The first event (from the start) matching {@code match}, waiting up to the budget for it. */
    public Event await(String what, Predicate<ReportLine> match) {
        return awaitFrom(0, what, match);
    }

    /** The first event at or after index {@code from} matching {@code match}. */
    public Event awaitFrom(int from, String what, Predicate<ReportLine> match) {
        int[] next = {from}; // where the previous look stopped: each event is tested once
        return awaitUnderLock(what, () -> {
            for (; next[0] < events.size(); next[0]++) {
                if (match.test(events.get(next[0]).line())) {
                    return events.get(next[0]);
                }
            }
            return null;
        });
    }

    /**
     * Waits until {@code condition} holds, testing it now and again after every new event (under
     * the event lock, so it may read {@link #eventsFrom}); bounded by the wait budget, failing with
     * the timeline. For conditions over the cluster's whole state, e.g. "every backend is paused or
     * gone" (the soak's quiescent point).
     */
    public void awaitCondition(String what, BooleanSupplier condition) {
        awaitUnderLock(what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /**
     * The one wait loop: under the event lock, look for the result ({@code null}: not yet), and
     * otherwise wait for the next event until the budget is spent; a postmaster that has exited
     * will send no more events, so that ends the wait too. Every failure carries the timeline.
     */
    private <T> T awaitUnderLock(String what, Supplier<T> look) {
        long deadline = System.nanoTime() + options.waitBudget().toNanos();
        synchronized (events) {
            for (;;) {
                T result = look.get();
                if (result != null) {
                    return result;
                }
                if (!events.isEmpty() && events.get(events.size() - 1).tag().equals("postmaster_exited")) {
                    throw new ClusterWaitException("the postmaster exited while waiting for " + what, timeline(60));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ClusterWaitException("no " + what + " within " + options.waitBudget().toSeconds() + " s",
                            timeline(60));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(events, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClusterWaitException("interrupted while waiting for " + what, timeline(60));
                }
            }
        }
    }

    /** The events from index {@code from} on (a consumer's incremental read). */
    public List<Event> eventsFrom(int from) {
        synchronized (events) {
            return from >= events.size() ? List.of() : List.copyOf(events.subList(from, events.size()));
        }
    }

    /** Waits until {@code count} events match; returns the last of them. */
    public Event awaitCount(String what, int count, Predicate<ReportLine> match) {
        Event e = null;
        int from = 0;
        for (int n = 0; n < count; n++) {
            e = awaitFrom(from, what + " (" + (n + 1) + " of " + count + ")", match);
            from = e.index() + 1;
        }
        return e;
    }

    /** The index the next event will have: a mark for {@link #awaitFrom}. */
    public int mark() {
        synchronized (events) {
            return events.size();
        }
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public List<Event> events(Predicate<ReportLine> match) {
        List<Event> out = new ArrayList<>();
        for (Event e : events()) {
            if (match.test(e.line())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The last {@code n} events, one per line: what a failure message shows. */
    public String timeline(int n) {
        List<Event> all = events();
        StringBuilder s = new StringBuilder("cluster timeline (last " + Math.min(n, all.size()) + " of " + all.size()
                + " events; full log in " + options.dataDirectory() + "):\n");
        for (Event e : all.subList(Math.max(0, all.size() - n), all.size())) {
            s.append("  ").append(e).append('\n');
        }
        return s.toString();
    }

    /** Writes every event and the postmaster's server log to {@code file}. */
    public void writeTimeline(Path file) throws IOException {
        StringBuilder s = new StringBuilder();
        for (Event e : events()) {
            s.append(e).append('\n');
        }
        Path log = options.dataDirectory().resolve("postmaster.log");
        if (Files.exists(log)) {
            s.append("\n--- postmaster.log (server log: core's messages and every child's stderr) ---\n");
            s.append(Files.readString(log));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, s.toString());
    }

    // --- commands -----------------------------------------------------------------------------------

    private void send(ReportLine command) {
        synchronized (commands) {
            try {
                commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                commands.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("could not send \"" + command.tag() + "\" to the postmaster", e);
            }
        }
    }

    private synchronized String nextId() {
        return Integer.toString(++nextId);
    }

    /** Starts a backend with this session; waits until the postmaster has launched it (also if deferred). */
    public Backend startBackend(SessionScript script) {
        return startBackend(script.encode());
    }

    public Backend startBackend(byte[] script) {
        String id = nextId();
        send(ReportLine.of("backend").with("id", id).with("script", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(script)));
        Event e = await("backend " + id + " started", l -> (l.tag().equals("backend_started")
                || l.tag().equals("backend_refused")) && id.equals(l.get("id")));
        if (e.tag().equals("backend_refused")) {
            throw new IllegalStateException("backend refused: " + e.line());
        }
        return new Backend(e.intValue("pid"));
    }

    /** Starts a backend if the postmaster accepts one; empty if it refuses (shutdown, launch failure). */
    public Optional<Backend> tryStartBackend(SessionScript script) {
        String id = nextId();
        send(ReportLine.of("backend").with("id", id).with("script", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(script.encode())));
        Event e = await("backend " + id + " started", l -> (l.tag().equals("backend_started")
                || l.tag().equals("backend_refused")) && id.equals(l.get("id")));
        return e.tag().equals("backend_refused") ? Optional.empty() : Optional.of(new Backend(e.intValue("pid")));
    }

    /** The next {@code n} worker launches fail in {@code ProcessBuilder.start()}. */
    public void failNextLaunches(int n) {
        int from = mark();
        send(ReportLine.of("fail_launches").with("n", n));
        awaitFrom(from, "fail_launches acknowledged", l -> l.tag().equals("failing_launches"));
    }

    /** The postmaster sends {@code code} to its child {@code pid} on the signal pipe. */
    public boolean signal(int pid, SignalCode code) {
        int from = mark();
        send(ReportLine.of("signal").with("pid", pid).with("sig", code.name()));
        return Boolean.parseBoolean(awaitFrom(from, "signal " + code + " to " + pid + " acknowledged",
                l -> l.tag().equals("signalled") && Integer.toString(pid).equals(l.get("pid"))).get("sent"));
    }

    /** SIGKILL from outside, as {@code kill -9} from a shell: the postmaster only sees the exit. */
    public boolean killForcibly(int pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
    }

    /**
     * SIGKILL to a process of this cluster only: a pid whose process has exited may already belong
     * to someone else's process on a shared machine, so the command line must name this cluster's
     * data directory (a child's names its parameter file, the postmaster's its data directory).
     *
     * @return false if no such process of this cluster is alive
     */
    public boolean killOwnProcess(int pid) {
        return ProcessHandle.of(pid).filter(h -> belongsTo(h, options.dataDirectory()))
                .map(ProcessHandle::destroyForcibly).orElse(false);
    }

    /** True if {@code process}'s command line names {@code dataDirectory} (see {@link #killOwnProcess}). */
    public static boolean belongsTo(ProcessHandle process, Path dataDirectory) {
        String dir = dataDirectory.toAbsolutePath().toString();
        return process.info().commandLine().map(c -> c.contains(dir)).orElse(false);
    }

    /** The postmaster checks the quiescent invariants now (S2, S4, S5, S6, S7). */
    public CheckResult check() {
        String id = "c" + nextId();
        int from = mark();
        send(ReportLine.of("check").with("id", id));
        Event summary = awaitFrom(from, "check " + id, l -> l.tag().equals("check") && id.equals(l.get("id")));
        return checkResult(id, summary);
    }

    /** The result of a check the postmaster ran by itself (after a crash-restart: "reinit-n"). */
    public CheckResult awaitCheck(String id) {
        Event summary = await("check " + id, l -> l.tag().equals("check") && id.equals(l.get("id")));
        return checkResult(id, summary);
    }

    private CheckResult checkResult(String id, Event summary) {
        List<String> violations = new ArrayList<>();
        for (Event v : events(l -> l.tag().equals("violation") && id.equals(l.get("id")))) {
            violations.add(v.get("property") + ": " + v.text("text"));
        }
        return new CheckResult(id, Boolean.parseBoolean(summary.get("ok")), violations, summary);
    }

    /**
     * The postmaster's {@code status} reply. The postmaster is one thread that answers commands in
     * order with every other event, so the reply is also a barrier: every report caused by an
     * event it handled before (a child's exit, the crash it started) precedes it.
     */
    public Event status() {
        int from = mark();
        send(ReportLine.of("status"));
        return awaitFrom(from, "status reply", l -> l.tag().equals("status"));
    }

    /** Sends the client message a paused session of backend {@code pid} waits for. */
    public void resume(int pid) {
        send(ReportLine.of("resume").with("pid", pid));
    }

    /** Recovery has finished ({@code promote}): workers waiting for RECOVERY_FINISHED may start. */
    public void promote() {
        int from = mark();
        send(ReportLine.of("promote"));
        awaitFrom(from, "promotion", l -> l.tag().equals("state"));
    }

    /** Asks for a shutdown and returns at once. */
    public void requestShutdown(ShutdownMode mode) {
        send(ReportLine.of("shutdown").with("mode", mode.name().toLowerCase(Locale.ROOT)));
    }

    /** Shuts down and waits until the postmaster has exited; its {@code pm_exit} event. */
    public Event shutdown(ShutdownMode mode) {
        requestShutdown(mode);
        return awaitExit();
    }

    /** Waits for the postmaster's {@code pm_exit} report and its process exit. */
    public Event awaitExit() {
        Event exit = await("postmaster exit", l -> l.tag().equals("pm_exit"));
        await("postmaster process exit", l -> l.tag().equals("postmaster_exited"));
        return exit;
    }

    public int postmasterExitStatus() {
        return await("postmaster process exit", l -> l.tag().equals("postmaster_exited")).intValue("status");
    }

    /** SIGKILL to the postmaster itself. */
    public void killPostmaster() {
        postmaster.destroyForcibly();
    }

    public long postmasterPid() {
        return postmaster.pid();
    }

    public Path dataDirectory() {
        return options.dataDirectory();
    }

    public Options options() {
        return options;
    }

    /** Shared memory mapped by this process too, to read what the processes left in it. */
    public SharedMemorySegment observeSharedMemory() throws IOException {
        return SharedMemorySegment.observe(sharedMemoryFile(), options.maxWorkerProcesses());
    }

    public Path sharedMemoryFile() {
        return Path.of(await("postmaster ready", l -> l.tag().equals("pm_ready")).get("shmem"));
    }

    /** Pids of every backend and worker the postmaster reported starting. */
    public Set<Integer> childPids() {
        synchronized (events) {
            return Set.copyOf(childPids);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> descendants = new ArrayList<>(postmaster.toHandle().descendants().toList());
        if (postmaster.isAlive()) {
            try {
                requestShutdown(ShutdownMode.FAST);
            } catch (UncheckedIOException ignored) {
                // stdin already closed
            }
            try {
                if (!postmaster.waitFor(30, TimeUnit.SECONDS)) {
                    descendants.addAll(postmaster.toHandle().descendants().toList());
                    postmaster.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int pid : childPids()) {
            ProcessHandle.of(pid).filter(h -> h.info().command().map(c -> c.contains("java")).orElse(false))
                    .ifPresent(descendants::add);
        }
        for (ProcessHandle h : descendants) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : descendants) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort
            }
        }
        try {
            commands.close();
        } catch (IOException ignored) {
            // gone
        }
        try {
            Optional<Event> ready = events(l -> l.tag().equals("pm_ready")).stream().findFirst();
            if (ready.isPresent()) {
                Files.deleteIfExists(Path.of(ready.get().get("shmem")));
            }
        } catch (IOException ignored) {
            // the postmaster normally removed it
        }
    }

    /** A bounded wait ended without its event: the message carries the cluster's timeline. */
    public static final class ClusterWaitException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public ClusterWaitException(String message, String timeline) {
            super(message + "\n" + timeline);
        }
    }
}
