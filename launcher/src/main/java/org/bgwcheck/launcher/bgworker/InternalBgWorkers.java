package org.bgwcheck.launcher.bgworker;

/**
 * {@code InternalBGWorkers[]}: the entry points built into the suite, found by function name when
 * the library is "postgres". PostgreSQL keeps such a table because function addresses cannot cross
 * an exec(); here it also spares built-in workers the reflective lookup.
 *
 * <p>Phase 1's workers exercise the launch path; phase 2 adds a worker that lives until it is
 * terminated (what the postmaster loop and the backends wait on) and one that crashes.
 */
public final class InternalBgWorkers {

    /** Runs until terminated (SIGTERM) or the postmaster dies: a worker with work that never ends. */
    public static final String WAIT_FOR_TERMINATE = "WaitForTerminateWorkerMain";
    /** Returns at once. */
    public static final String NOOP = "NoopWorkerMain";
    /** Exits at once with status {@code main_arg} (3 if 0): an abnormal exit, i.e. a crash. */
    public static final String CRASH = "CrashWorkerMain";

    /**
     * Works until the controller says its work is done (a client message on the signal pipe), then
     * returns (exit 0); SIGTERM ends it before that with status 1. Its exit status therefore says
     * whether a SIGTERM reached it before the message: what the stale-handle scenario asks.
     */
    public static final String FINISH_ON_CLIENT_MESSAGE = "FinishOnClientMessageWorkerMain";

    private static final String[] NAMES = {NOOP, "EchoArgWorkerMain", "ErrorWorkerMain", WAIT_FOR_TERMINATE, CRASH,
        FINISH_ON_CLIENT_MESSAGE};
    private static final BgWorkerFunction[] FUNCTIONS = {new NoopWorkerMain(), new EchoArgWorkerMain(), new ErrorWorkerMain(),
        new WaitForTerminateWorkerMain(), new CrashWorkerMain(), new FinishOnClientMessageWorkerMain()};

    private InternalBgWorkers() {
    }

    /** The built-in function with this name, or {@code null}. */
    public static BgWorkerFunction find(String functionName) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(functionName)) {
                return FUNCTIONS[i];
            }
        }
        return null;
    }

    /** Returns at once: the smallest complete worker lifecycle. */
    static final class NoopWorkerMain implements BgWorkerFunction {
        @Override
        public void main(long mainArg) {
            // A worker with nothing to do ends cleanly.
        }
    }

    /** Prints {@code bgworker main_arg=<n>}, showing that the Datum arrived. */
    static final class EchoArgWorkerMain implements BgWorkerFunction {
        @Override
        public void main(long mainArg) {
            System.out.println("bgworker main_arg=" + mainArg);
            System.out.flush();
        }
    }

    /** Fails, like a worker that hits ERROR: the postmaster must see exit status 1. */
    static final class ErrorWorkerMain implements BgWorkerFunction {
        @Override
        public void main(long mainArg) {
            throw new IllegalStateException("ErrorWorkerMain fails on purpose (main_arg=" + mainArg + ")");
        }
    }

    /**
     * Sleeps on its latch until SIGTERM ends it (status 1, from the signal pipe) or the postmaster
     * dies (status 1); SIGUSR1 only wakes it. What a long-running worker looks like to the
     * postmaster.
     */
    static final class WaitForTerminateWorkerMain implements BgWorkerFunction {
        @Override
        public void main(long mainArg) throws Exception {
            var latch = org.bgwcheck.launcher.signal.MyLatch.get();
            for (;;) {
                if (latch.waitLatch() == org.bgwcheck.core.env.Latch.WakeReason.POSTMASTER_DEATH) {
                    throw new IllegalStateException("postmaster died");
                }
                latch.resetLatch();
            }
        }
    }

    /** Sleeps on its latch until a client message arrives, then returns: its work is done (exit 0). */
    static final class FinishOnClientMessageWorkerMain implements BgWorkerFunction {
        @Override
        public void main(long mainArg) throws Exception {
            var latch = org.bgwcheck.launcher.signal.MyLatch.get();
            while (BackgroundWorkerMain.CLIENT_MESSAGES.get() == 0) {
                if (latch.waitLatch() == org.bgwcheck.core.env.Latch.WakeReason.POSTMASTER_DEATH) {
                    throw new IllegalStateException("postmaster died");
                }
                latch.resetLatch();
            }
        }
    }

    /** Ends the process at once with status {@code main_arg} (3 if 0), as a crashing worker would. */
    static final class CrashWorkerMain implements BgWorkerFunction {
        @Override
        public void main(long mainArg) {
            int status = mainArg == 0 ? 3 : (int) (mainArg & 0xFF);
            org.bgwcheck.launcher.signal.ProcessExit.halt(status, "bgworker", "LOG",
                    "CrashWorkerMain exits with status " + status + " on purpose");
        }
    }
}
