package org.bgwcheck.launcher.bgworker;

import java.io.IOException;

/**
 * An "external library" of background-worker entry points, for the lookup tests: it lives in the
 * test classes, which the tests pass as the library path, never in the launcher jar.
 */
public final class TestWorkerLibrary {

    private TestWorkerLibrary() {
    }

    public static void echo_main(long mainArg) {
        System.out.println("external main_arg=" + mainArg);
        System.out.flush();
    }

    public static void failing_main(long mainArg) throws Exception {
        throw new IOException("external worker gives up (main_arg=" + mainArg + ")");
    }

    /** Wrong shape: not static. */
    public void instance_main(long mainArg) {
        throw new AssertionError("never called");
    }

    /** Wrong shape: wrong parameter type. */
    public static void int_main(int mainArg) {
        throw new AssertionError("never called");
    }
}
