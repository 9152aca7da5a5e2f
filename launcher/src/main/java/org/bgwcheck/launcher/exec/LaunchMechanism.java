package org.bgwcheck.launcher.exec;

import java.util.Locale;

/**
 * How the JDK starts a process on Linux, chosen JVM-wide by the system property
 * {@code jdk.lang.Process.launchMechanism} and fixed when the first process is started: one JVM
 * can use only one mechanism, which is why the benchmark runs a JVM per mechanism.
 *
 * <p>All three end in exec() of {@code jspawnhelper} or the java binary; they differ in how the
 * child gets its own address space first. FORK copies the parent's page tables, so its cost grows
 * with the parent's heap; VFORK borrows them (deprecated on JDK 25); POSIX_SPAWN (the default)
 * lets libc use clone(CLONE_VM|CLONE_VFORK).
 */
public enum LaunchMechanism {
    POSIX_SPAWN, FORK, VFORK;

    public static final String PROPERTY = "jdk.lang.Process.launchMechanism";

    /** The mechanism this JVM uses. */
    public static LaunchMechanism inEffect() {
        return valueOf(System.getProperty(PROPERTY, POSIX_SPAWN.name()).toUpperCase(Locale.ROOT));
    }

    /** The JVM option that selects this mechanism. */
    public String jvmOption() {
        return "-D" + PROPERTY + "=" + name();
    }
}
