package org.bgwcheck.launcher.bgworker;

/**
 * {@code InternalBGWorkers[]}: the entry points built into the suite, found by function name when
 * the library is "postgres". PostgreSQL keeps such a table because function addresses cannot cross
 * an exec(); here it also spares built-in workers the reflective lookup.
 *
 * <p>Phase 1 has only workers that exercise the launch path; phase 2 adds ones that work in the
 * slot array.
 */
public final class InternalBgWorkers {

    private static final String[] NAMES = {"NoopWorkerMain", "EchoArgWorkerMain", "ErrorWorkerMain"};
    private static final BgWorkerFunction[] FUNCTIONS = {new NoopWorkerMain(), new EchoArgWorkerMain(), new ErrorWorkerMain()};

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
}
