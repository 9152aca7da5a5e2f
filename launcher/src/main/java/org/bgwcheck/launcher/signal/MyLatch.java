package org.bgwcheck.launcher.signal;

/**
 * {@code MyLatch}: the process's latch, for code that runs inside a kind's main (a background
 * worker's entry point) and has no other way to reach it. Set once by the kind's main.
 */
public final class MyLatch {

    private static volatile ProcessLatch latch = new ProcessLatch(new Interrupts(), 0);

    private MyLatch() {
    }

    public static ProcessLatch get() {
        return latch;
    }

    public static void set(ProcessLatch processLatch) {
        latch = processLatch;
    }
}
