package org.bgwcheck.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.bgwcheck.launcher.ChildExit;
import org.bgwcheck.launcher.ChildLauncher;
import org.bgwcheck.launcher.ChildPipes;
import org.bgwcheck.launcher.LaunchedChild;
import org.bgwcheck.launcher.LauncherConfig;
import org.bgwcheck.launcher.exec.ChildJvm;
import org.bgwcheck.launcher.exec.LaunchMechanism;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.param.Gucs;
import org.bgwcheck.launcher.report.ReportLine;

/**
 * One benchmark run in this JVM, with the launch mechanism this JVM was started with (the JDK
 * fixes it per JVM; {@link LaunchBench} runs one of these per mechanism).
 *
 * <p>Latency: launch call to ready line, for a backend (4 bytes of startup data, like a
 * {@code CAC_state}; maps shared memory), a syslogger (no shared memory: the launcher's own cost
 * alone) and a bare start of the same JVM, interleaved in rotating order so that drift on a shared
 * machine hits all three alike. Throughput: launches per second (launch, ready, exit) with 1, 4 and
 * 8 launching threads.
 */
public final class MechanismBench {

    private static final int[] CONCURRENCY = {1, 4, 8};

    private MechanismBench() {
    }

    /** Arguments: quick|deep. */
    public static void main(String[] args) throws Exception {
        boolean deep = args.length > 0 && args[0].equals("deep");
        int rounds = deep ? 200 : 20;
        int launchesPerLevel = deep ? 160 : 16;
        ChildJvm childJvm = ChildJvm.forLauncherJar();
        Path dataDirectory = Files.createTempDirectory("bgwcheck-bench");
        try {
            Path sharedMemory = Files.write(dataDirectory.resolve("shmem"), new byte[8192]);
            try (ChildLauncher launcher = ChildLauncher.start(
                    new LauncherConfig(dataDirectory, sharedMemory, "", Gucs.defaults(), childJvm))) {
                run(launcher, childJvm, rounds, launchesPerLevel);
            }
        } finally {
            deleteTree(dataDirectory);
        }
    }

    private static void run(ChildLauncher launcher, ChildJvm childJvm, int rounds, int launchesPerLevel)
            throws Exception {
        System.out.printf(Locale.ROOT, "== %s  (parent max heap %d MiB, child AppCDS archive: %s)%n",
                LaunchMechanism.inEffect(), Runtime.getRuntime().maxMemory() >> 20,
                childJvm.cdsArchive().isPresent() ? "used" : "NOT USED");

        Launch[] launches = {
            () -> launchToReady(launcher, ChildKind.BACKEND),
            () -> launchToReady(launcher, ChildKind.SYSLOGGER),
            () -> bareToReady(childJvm),
        };
        String[] labels = {"backend (maps shared memory)", "syslogger (no shared memory)", "bare JVM"};
        for (int i = 0; i < 5; i++) { // warm-up: page cache, the parent's JIT
            for (Launch launch : launches) {
                launch.run();
            }
        }
        double[][] samples = new double[launches.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < launches.length; i++) {
                int which = (round + i) % launches.length; // rotate the order: drift hits all alike
                samples[which][round] = launches[which].run();
            }
        }
        Summary bare = Summary.of(samples[launches.length - 1]);
        System.out.printf(Locale.ROOT, "launch -> ready, %d interleaved rounds (ms)   min  median     max   ratio to bare (min, median)%n",
                rounds);
        for (int i = 0; i < launches.length; i++) {
            Summary summary = Summary.of(samples[i]);
            System.out.printf(Locale.ROOT, "  %-36s %6.1f  %6.1f  %6.1f   %5.2f  %5.2f%n", labels[i], summary.min(),
                    summary.median(), summary.max(), summary.min() / bare.min(), summary.median() / bare.median());
        }

        System.out.printf(Locale.ROOT, "launches/s (launch, ready, exit), %d per level     c=1     c=4     c=8%n",
                launchesPerLevel);
        int[] rows = {0, launches.length - 1};
        for (int row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-36s  ", labels[row]));
            for (int concurrency : CONCURRENCY) {
                line.append(String.format(Locale.ROOT, "%6.1f  ", throughput(concurrency, launchesPerLevel, launches[row])));
            }
            System.out.println(line.toString().stripTrailing());
        }
    }

    /** Milliseconds from the launch call to the ready line; then waits for the exit, untimed. */
    private static double launchToReady(ChildLauncher launcher, ChildKind kind) throws Exception {
        long start = System.nanoTime();
        LaunchedChild child = launcher.launchChild(kind, new byte[4], null);
        child.awaitReady();
        long ready = System.nanoTime();
        requireCleanExit(child.awaitExit());
        return (ready - start) / 1e6;
    }

    private static double bareToReady(ChildJvm childJvm) throws Exception {
        long start = System.nanoTime();
        Process process = childJvm.command(BareChildMain.class.getName()).start();
        ChildPipes pipes = new ChildPipes(process);
        if (pipes.awaitReport(ReportLine.READY) == null) {
            throw new IllegalStateException("bare JVM did not report ready: " + pipes.awaitExit().stderr());
        }
        long ready = System.nanoTime();
        requireCleanExit(pipes.awaitExit());
        return (ready - start) / 1e6;
    }

    private static void requireCleanExit(ChildExit exit) {
        if (exit.status() != 0) {
            throw new IllegalStateException("child exited with " + exit.status() + ": " + exit.stderr());
        }
    }

    private interface Launch {
        double run() throws Exception;
    }

    private static double throughput(int concurrency, int launches, Launch launch) throws Exception {
        AtomicInteger remaining = new AtomicInteger(launches);
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            long start = System.nanoTime();
            Future<?>[] workers = new Future<?>[concurrency];
            for (int i = 0; i < concurrency; i++) {
                workers[i] = threads.submit(() -> {
                    while (remaining.getAndDecrement() > 0) {
                        launch.run();
                    }
                    return null;
                });
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return launches / ((System.nanoTime() - start) / 1e9);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
