package org.bgwcheck.launcher.backend;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.DynamicBackgroundWorkers;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.env.Latch;
import org.bgwcheck.core.env.PostmasterSignal;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.InvalidWorkerException;
import org.bgwcheck.core.worker.WorkerSettings;
import org.bgwcheck.launcher.kind.ChildContext;
import org.bgwcheck.launcher.kind.ChildFatalException;
import org.bgwcheck.launcher.kind.ChildMain;
import org.bgwcheck.launcher.param.ClientSocket;
import org.bgwcheck.launcher.param.Gucs;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.shm.SharedMemorySegment;
import org.bgwcheck.launcher.signal.Interrupts;
import org.bgwcheck.launcher.signal.OsSignals;
import org.bgwcheck.launcher.signal.ProcessExit;
import org.bgwcheck.launcher.signal.ProcessLatch;
import org.bgwcheck.launcher.signal.SignalCode;
import org.bgwcheck.launcher.signal.SignalPipeReader;

/**
 * The backend kind's main ({@code BackendMain}). A backend launched by the postmaster loop gets a
 * {@link SessionScript} as its startup data and runs it against core's backend API
 * ({@link DynamicBackgroundWorkers}) on the real shared memory: the slot array in the mapped
 * file, the cross-process {@code BackgroundWorkerLock}, PMSignal to wake the postmaster, and its
 * own latch, set by the postmaster's SIGUSR1 on the signal pipe. Any other startup data is
 * phase 1's opaque blob: the backend then reports the client it was given and exits, as the
 * phase-1 stand-in did.
 *
 * <p>Everything it does is reported on stdout (report lines the postmaster relays to its
 * controller); a step that ends the session early (SIGTERM, a wait past its budget) is reported
 * as {@code fatal reason=...} and ends the process with status 1 and one FATAL line.
 */
public final class BackendMain implements ChildMain {

    @Override
    public void main(ChildContext context) throws Exception {
        byte[] data = context.parameters().startupData();
        if (!SessionScript.isScript(data)) {
            reportClient(context);
            return;
        }
        SessionScript script;
        try {
            script = SessionScript.decode(data);
        } catch (IllegalArgumentException e) {
            throw new ChildFatalException("invalid session script: " + e.getMessage());
        }
        new Session(context, script).run();
    }

    /** Phase 1's stand-in: a backend with no session reports whose connection it was given. */
    private static void reportClient(ChildContext context) {
        ClientSocket client = context.parameters().clientSocket();
        ReportLine line = ReportLine.of("client");
        if (client == null) {
            line.with("socket", "none");
        } else {
            line.with("local", endpoint(client.local())).with("remote", endpoint(client.remote()));
        }
        context.out().println(line);
        context.out().flush();
    }

    private static String endpoint(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** One session: its shared memory, latch, interrupts and handles. */
    private static final class Session {
        private final ChildContext context;
        private final SessionScript script;
        private final PrintStream out;
        private final int myPid;
        private final Interrupts interrupts = new Interrupts();
        private final ProcessLatch latch;
        private final Map<String, Optional<BackgroundWorkerHandle>> handles = new HashMap<>();
        private final Map<String, Long> registeredAt = new HashMap<>();
        private final Map<String, Long> terminatedAt = new HashMap<>();
        private SharedMemorySegment shm;
        private PostmasterSignal wakePostmaster;
        private volatile int clientMessages;
        private int clientMessagesSeen;

        Session(ChildContext context, SessionScript script) {
            this.context = context;
            this.script = script;
            this.out = context.out();
            this.myPid = (int) ProcessHandle.current().pid();
            this.latch = new ProcessLatch(interrupts, script.waitBudgetMillis());
        }

        void run() throws ChildFatalException {
            Gucs gucs = context.parameters().globals().gucs();
            try {
                shm = SharedMemorySegment.attach(context.parameters().globals().sharedMemoryFile(), context.sharedMemory(),
                        gucs.maxWorkerProcesses(), context.parameters().globals().postmasterPid());
            } catch (IllegalStateException e) {
                throw new ChildFatalException(e.getMessage());
            }
            installSignalHandling();
            var pmSignal = shm.pmSignal();
            wakePostmaster = () -> {
                pmSignal.set();
                emit(ReportLine.of("pmsignal"));
            };
            DynamicBackgroundWorkers api = new DynamicBackgroundWorkers(shm.slots(), shm.lock(), wakePostmaster,
                    new WorkerSettings(gucs.maxWorkerProcesses(), gucs.maxParallelWorkers()),
                    Variant.parse(script.variant()));
            emit(ReportLine.of("session_start").with("steps", script.steps().size()).with("variant", script.variant())
                    .with("shmem_generation", shm.generation()));
            try {
                for (ReportLine step : script.steps()) {
                    interrupts.check();
                    step(api, step);
                }
                interrupts.check();
            } catch (Interrupts.ProcDieException e) {
                emit(ReportLine.of("fatal").with("reason", "administrator_command"));
                throw new ChildFatalException(e.getMessage());
            } catch (ProcessLatch.LatchWaitBudgetExceeded e) {
                emit(ReportLine.of("fatal").with("reason", "wait_budget_exceeded"));
                throw new ChildFatalException(e.getMessage());
            }
            emit(ReportLine.of("session_end"));
        }

        private void installSignalHandling() {
            OsSignals.handle("TERM", this::die);
            OsSignals.ignore("INT");
            OsSignals.handle("USR1", latch::setLatch);
            SignalPipeReader.start(context.signalPipe(), new SignalPipeReader.Handler() {
                @Override
                public void signal(SignalCode code) {
                    switch (code) {
                        case SIGUSR1 -> latch.setLatch();
                        case SIGTERM -> die();
                        case SIGQUIT -> ProcessExit.halt(2, "backend", "WARNING",
                                "terminating connection because of crash of another server process");
                        case CLIENT_MESSAGE -> {
                            clientMessages++;
                            latch.setLatch();
                        }
                    }
                }

                @Override
                public void postmasterDied() {
                    latch.postmasterDied();
                }
            });
        }

        /** The SIGTERM handler: ProcDiePending and SetLatch; the backend dies at its next check. */
        private void die() {
            interrupts.requestDie();
            latch.setLatch();
        }

        private void step(DynamicBackgroundWorkers api, ReportLine step) throws ChildFatalException {
            String op = step.tag();
            switch (op) {
                case SessionScript.REGISTER -> register(api, WorkerSpec.fromLine(step));
                case "hold_interrupts" -> interrupts.hold();
                case "resume_interrupts" -> interrupts.resume();
                case "pause" -> pause(step.get("tag") == null ? "-" : step.get("tag"));
                case "scribble" -> scribble(Long.parseLong(step.get("seed")), Integer.parseInt(step.get("rounds")),
                        step.get("damage"));
                case "crash" -> ProcessExit.halt(Integer.parseInt(step.get("status")), "backend", "LOG",
                        "session crashes with status " + step.get("status") + " on purpose");
                default -> handleStep(api, op, step.get("as"));
            }
        }

        private void register(DynamicBackgroundWorkers api, WorkerSpec spec) throws ChildFatalException {
            long start = System.nanoTime();
            Optional<BackgroundWorkerHandle> handle;
            try {
                handle = api.registerDynamicWorker(spec.toWorker(myPid));
            } catch (InvalidWorkerException e) {
                throw new ChildFatalException("cannot register \"" + spec.label() + "\": " + e.getMessage());
            }
            handles.put(spec.label(), handle);
            registeredAt.put(spec.label(), start);
            ReportLine line = ReportLine.of("registered").with("as", spec.label())
                    .with("ok", Boolean.toString(handle.isPresent())).with("parallel", Boolean.toString(spec.parallel()));
            handle.ifPresent(h -> line.with("slot", h.slot()).with("gen", Long.toUnsignedString(h.generation())));
            emit(line);
        }

        private void handleStep(DynamicBackgroundWorkers api, String op, String label) {
            Optional<BackgroundWorkerHandle> handle = handles.get(label);
            if (handle.isEmpty()) {
                emit(ReportLine.of("skipped").with("step", op).with("as", label));
                return;
            }
            BackgroundWorkerHandle h = handle.get();
            switch (op) {
                case "status" -> emit(result("status", label, api.getWorkerPid(h), -1));
                case "terminate" -> {
                    terminatedAt.put(label, System.nanoTime());
                    api.terminate(h);
                    emit(ReportLine.of("terminated").with("as", label));
                }
                case "wait_startup" -> {
                    emit(ReportLine.of("waiting").with("for", "startup").with("as", label));
                    latch.waitingFor("WaitForBackgroundWorkerStartup(" + label + ", " + h + ")");
                    WorkerStatus status = api.waitForStartup(h, latch);
                    emit(result("startup", label, status, micros(registeredAt.get(label))));
                }
                case "wait_shutdown" -> {
                    long from = terminatedAt.getOrDefault(label, System.nanoTime());
                    emit(ReportLine.of("waiting").with("for", "shutdown").with("as", label));
                    latch.waitingFor("WaitForBackgroundWorkerShutdown(" + label + ", " + h + ")");
                    WorkerStatus status = api.waitForShutdown(h, latch);
                    emit(result("shutdown", label, status, micros(from)));
                }
                default -> throw new IllegalStateException("unknown step " + op);
            }
        }

        /**
         * The rogue backend: damage the slot array (RogueScribbler), report each round, and wake the
         * postmaster so that it meets the damage in BackgroundWorkerStateChange at once.
         */
        private void scribble(long seed, int rounds, String damage) {
            java.util.Random random = new java.util.Random(seed);
            ByteBuffer array = shm.slots().buffer();
            for (int round = 1; round <= rounds; round++) {
                String what = damage == null ? RogueScribbler.scribble(array, shm.maxWorkerProcesses(), random)
                        : RogueScribbler.scribble(array, shm.maxWorkerProcesses(), random,
                                RogueScribbler.Damage.valueOf(damage.toUpperCase(java.util.Locale.ROOT)));
                emit(ReportLine.of("scribbled").with("round", round).with("damage", what));
                wakePostmaster.backgroundWorkerChange();
            }
        }

        /** Waits for a client message; a SIGTERM ends the wait through CHECK_FOR_INTERRUPTS. */
        private void pause(String tag) throws ChildFatalException {
            emit(ReportLine.of("paused").with("tag", tag));
            latch.waitingFor("a client message (paused at " + tag + ")");
            while (clientMessages == clientMessagesSeen) {
                if (latch.waitLatch() == Latch.WakeReason.POSTMASTER_DEATH) {
                    throw new ChildFatalException("postmaster died while the session was paused");
                }
                latch.resetLatch();
            }
            clientMessagesSeen++;
            emit(ReportLine.of("resumed").with("tag", tag));
        }

        private static ReportLine result(String op, String label, WorkerStatus status, long micros) {
            ReportLine line = ReportLine.of(op).with("as", label).with("result", status.status().name());
            if (status.status() == org.bgwcheck.core.backend.HandleStatus.STARTED) {
                line.with("worker_pid", status.pid());
            }
            if (micros >= 0) {
                line.with("micros", micros);
            }
            return line;
        }

        private static long micros(long fromNanos) {
            return (System.nanoTime() - fromNanos) / 1_000;
        }

        private void emit(ReportLine line) {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }
}
