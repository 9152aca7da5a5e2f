package org.bgwcheck.stress.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bgwcheck.stress.race.StressCluster;

/**
 * One jcstress invocation in its own JVM ({@code org.openjdk.jcstress.Main} on this JVM's class path), in a
 * directory of its own: jcstress writes its result file into the working directory and its HTML report to
 * {@code -r}. Its exit code is not the verdict (a fault variant failing is the expected result); the result
 * file is.
 */
final class JcstressProcess {
    private static final String RESULT_FILE_PREFIX = "jcstress-results-";

    /** What one invocation left behind. */
    record Output(Map<String, Tally> tallies, ForkClock clock, double seconds, double loadBefore, double loadAfter) {
    }

    private JcstressProcess() {
    }

    static Output run(StressRun run, Path dir) throws IOException, InterruptedException {
        clear(dir); // a result file left by an earlier build would be read as this run's
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(run.jdk().java().toString());
        command.addAll(List.of(run.jdk().launcherOptions()));
        command.add("-D" + StressCluster.BACKING_PROPERTY + "=" + run.backing().name());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.openjdk.jcstress.Main"));
        command.addAll(List.of("-v", "-c", "2"));
        command.addAll(run.settings().options());
        command.addAll(List.of("-t", run.testRegexp(), "-r", dir.resolve("report").toString()));

        double loadBefore = LoadAverage.now();
        long start = System.nanoTime();
        ForkClock clock = new ForkClock(start);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(dir.resolve("jcstress.log")))) {
            log.println(String.join(" ", command));
            for (String line; (line = out.readLine()) != null; ) {
                clock.line(line, System.nanoTime());
                log.println(line);
            }
        }
        p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Output(ResultFile.read(resultFile(dir)), clock, seconds, loadBefore, LoadAverage.now());
    }

    private static void clear(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Path resultFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(RESULT_FILE_PREFIX)).toList();
            if (found.size() != 1) {
                throw new IOException("expected one " + RESULT_FILE_PREFIX + "*.bin.gz in " + dir + ", found "
                        + found + "; see " + dir.resolve("jcstress.log"));
            }
            return found.get(0);
        }
    }
}
