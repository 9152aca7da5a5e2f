package org.bgwcheck.launcher.bench;

/**
 * The benchmark's baseline: a JVM started exactly like a child (same java, options, jar and
 * AppCDS archive) that reports ready at once. The difference between it and a real launch is the
 * launcher's own cost.
 */
public final class BareChildMain {

    private BareChildMain() {
    }

    public static void main(String[] args) {
        System.out.println("ready kind=bare");
        System.out.flush();
    }
}
