package org.bgwcheck.launcher.bgworker;

import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerCodec;
import org.bgwcheck.launcher.kind.ChildContext;
import org.bgwcheck.launcher.kind.ChildFatalException;
import org.bgwcheck.launcher.kind.ChildMain;
import org.bgwcheck.launcher.signal.Interrupts;
import org.bgwcheck.launcher.signal.MyLatch;
import org.bgwcheck.launcher.signal.OsSignals;
import org.bgwcheck.launcher.signal.ProcessExit;
import org.bgwcheck.launcher.signal.ProcessLatch;
import org.bgwcheck.launcher.signal.SignalPipeReader;

/**
 * The bgworker kind's main, PostgreSQL's {@code BackgroundWorkerMain} (in the seed,
 * {@code StartBackgroundWorker}): decode the registration from the startup data (core's
 * {@link BackgroundWorkerCodec} image, exactly what {@code do_start_bgworker} passes), install the
 * worker's signal handling, look up its entry point by library and function name, and run it
 * with its main argument. The worker exits 0 when the entry point returns and 1 when it throws.
 *
 * <p>Signals (on the signal pipe, and SIGTERM also as a real signal): SIGTERM ends the worker at
 * once with status 1 ({@code bgworker_die}), SIGQUIT with status 2 ({@code quickdie}), SIGUSR1
 * sets {@link MyLatch}; the postmaster's death ends it with status 1.
 */
public final class BackgroundWorkerMain implements ChildMain {

    @Override
    public void main(ChildContext context) throws ChildFatalException {
        BackgroundWorker worker;
        try {
            worker = BackgroundWorkerCodec.decode(context.parameters().startupData());
        } catch (IllegalArgumentException e) {
            throw new ChildFatalException("invalid background worker startup data: " + e.getMessage());
        }
        if (context.signalPipe() != null) {
            installSignalHandling(context, worker.type().isEmpty() ? worker.name() : worker.type());
        }
        BgWorkerFunction function = BgWorkerFunctionLookup.lookup(worker.libraryName(), worker.functionName(),
                context.parameters().globals().libraryPath());
        try {
            function.main(worker.mainArg());
        } catch (Exception | Error e) {
            throw new ChildFatalException("background worker \"" + worker.name() + "\" failed: " + e, e);
        }
    }

    /**
     * Client messages (the controller's {@code signal sig=CLIENT_MESSAGE}) this worker has received:
     * what {@code FinishOnClientMessageWorkerMain} waits for. The signal pipe delivers them in order
     * with the postmaster's signals, so a SIGTERM written before a message ends the worker first.
     */
    static final java.util.concurrent.atomic.AtomicInteger CLIENT_MESSAGES = new java.util.concurrent.atomic.AtomicInteger();

    private static void installSignalHandling(ChildContext context, String type) {
        ProcessLatch latch = new ProcessLatch(new Interrupts(), 0);
        MyLatch.set(latch);
        Runnable die = () -> ProcessExit.halt(1, "bgworker", "FATAL",
                "terminating background worker \"" + type + "\" due to administrator command");
        OsSignals.handle("TERM", die);
        OsSignals.ignore("INT");
        SignalPipeReader.start(context.signalPipe(), new SignalPipeReader.Handler() {
            @Override
            public void signal(org.bgwcheck.launcher.signal.SignalCode code) {
                switch (code) {
                    case SIGTERM -> die.run();
                    case SIGQUIT -> ProcessExit.halt(2, "bgworker", "WARNING",
                            "terminating background worker \"" + type + "\" because of crash of another server process");
                    case SIGUSR1 -> latch.setLatch();
                    case CLIENT_MESSAGE -> {
                        // Counted before the latch is set, so a worker that wakes up sees it.
                        CLIENT_MESSAGES.incrementAndGet();
                        latch.setLatch();
                    }
                }
            }

            @Override
            public void postmasterDied() {
                ProcessExit.halt(1, "bgworker", "FATAL", "postmaster exited; background worker \"" + type
                        + "\" exits too");
            }
        });
    }
}
