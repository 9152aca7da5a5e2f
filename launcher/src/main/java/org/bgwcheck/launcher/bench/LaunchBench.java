package org.bgwcheck.launcher.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bgwcheck.launcher.exec.ChildJvm;
import org.bgwcheck.launcher.exec.LaunchMechanism;

/**
 * The launch benchmark: runs {@link MechanismBench} once per launch mechanism, each in a fresh
 * JVM with a fixed parent heap (the JDK reads the mechanism once per JVM, and FORK's cost depends
 * on the parent's heap). Not a test: it prints figures, it asserts nothing.
 *
 * <p>{@code mvn -q -pl launcher package exec:exec@bench -DskipTests [-Dbench.args=deep]}, or
 * {@code java -cp launcher/target/bgwcheck-launcher-0.1.0-SNAPSHOT.jar
 * org.bgwcheck.launcher.bench.LaunchBench [quick|deep]}.
 */
public final class LaunchBench {

    /** The parent's heap: fixed so that runs compare; committed up front so that FORK pays for it. */
    private static final List<String> PARENT_HEAP = List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");

    private LaunchBench() {
    }

    public static void main(String[] args) throws Exception {
        String profile = args.length > 0 ? args[0] : "quick";
        Path jar = ChildJvm.forLauncherJar().jar();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.println("bgwcheck launch benchmark, profile " + profile + ", "
                + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + (os.getTotalMemorySize() >> 30) + " GiB; JDK " + System.getProperty("java.vm.version")
                + " (" + System.getProperty("java.vm.vendor") + "); load average "
                + String.format(Locale.ROOT, "%.2f", os.getSystemLoadAverage()) + " at start");
        System.out.println("parent JVM options: " + String.join(" ", PARENT_HEAP));
        for (LaunchMechanism mechanism : LaunchMechanism.values()) {
            List<String> command = new ArrayList<>();
            command.add(ChildJvm.currentJava().toString());
            command.addAll(PARENT_HEAP);
            command.add(mechanism.jvmOption());
            command.add("-cp");
            command.add(jar.toString());
            command.add(MechanismBench.class.getName());
            command.add(profile);
            int status = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (status != 0) {
                System.out.println("== " + mechanism + ": not available on this JDK (exit status " + status + ")");
            }
        }
        System.out.println("load average " + String.format(Locale.ROOT, "%.2f", os.getSystemLoadAverage())
                + " at end");
    }
}
