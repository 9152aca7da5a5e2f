package org.bgwcheck.launcher.soak;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.launcher.cli.OptionParser;

/**
 * The soak's command line ({@code bin/soak}); every value is checked and a bad one refused with the
 * reason. Chaos rates are per cycle (one cycle = every backend runs to its next pause, then a
 * quiescent point), so they scale with the work done rather than with the machine's speed.
 */
public record SoakOptions(int durationSeconds, int backends, int maxWorkerProcesses, int maxParallelWorkers,
                          double chaos, double restartRate, long seed, Variant variant, Path dataDirectory,
                          Verbosity verbosity, int progressSeconds) {

    public enum Verbosity { QUIET, NORMAL, VERBOSE }

    public static final String USAGE = """
            usage: bin/soak [options]
              --duration SECONDS        how long to run the load (default 60, 10..86400); the final shutdown
                                        and leak check come after it, the whole run is bounded by
                                        duration + 180 s
              --backends K              backend processes kept running, each a random session of
                                        registrations (parallel and not), waits, terminations and stale-
                                        handle probes (default 4, 1..16)
              --max-worker-processes N  worker slots; few slots mean slot reuse and refusals (default 6, 1..64)
              --max-parallel-workers N  parallel worker limit (default 3, 0..64)
              --chaos P                 chance per cycle of a chaos action: SIGKILL or SIGTERM to a random
                                        worker or backend, injected launch failures (default 0.6, 0..1)
              --restart-rate P          chance per cycle of a smart or fast shutdown and a fresh start
                                        (default 0.04, 0..1)
              --seed N                  every random choice (default: random, printed); replays the same
                                        choices, though real processes do not replay the same timing
              --variant FIXED|<fault>   protocol variant for postmaster and backends (default FIXED)
              --data-directory DIR      keep the data directory and timelines here (default: a temp dir,
                                        removed after a run without violations)
              --progress SECONDS        a progress line this often (default 10)
              --quiet | --verbose       only the summary | every report line of the postmaster
              --help
            """;

    private static final Set<String> FLAGS = Set.of("--quiet", "--verbose");
    private static final Set<String> VALUE_OPTIONS = Set.of("--duration", "--backends", "--max-worker-processes",
            "--max-parallel-workers", "--chaos", "--restart-rate", "--seed", "--variant", "--data-directory", "--progress");

    /** The defaults, for a caller that sets a few values (the integration test). */
    public static SoakOptions defaults(long seed) {
        return new SoakOptions(60, 4, 6, 3, 0.6, 0.04, seed, Variant.FIXED, null, Verbosity.NORMAL, 10);
    }

    public SoakOptions withDuration(int seconds) {
        return new SoakOptions(seconds, backends, maxWorkerProcesses, maxParallelWorkers, chaos, restartRate, seed,
                variant, dataDirectory, verbosity, progressSeconds);
    }

    public SoakOptions withDataDirectory(Path dir) {
        return new SoakOptions(durationSeconds, backends, maxWorkerProcesses, maxParallelWorkers, chaos, restartRate, seed,
                variant, dir, verbosity, progressSeconds);
    }

    public SoakOptions withRestartRate(double rate) {
        return new SoakOptions(durationSeconds, backends, maxWorkerProcesses, maxParallelWorkers, chaos, rate, seed,
                variant, dataDirectory, verbosity, progressSeconds);
    }

    /** The command that replays this run's choices. */
    public String replayCommand() {
        return String.format(Locale.ROOT, "bin/soak --duration %d --backends %d --max-worker-processes %d"
                        + " --max-parallel-workers %d --chaos %s --restart-rate %s --variant %s --seed %d",
                durationSeconds, backends, maxWorkerProcesses, maxParallelWorkers, chaos, restartRate, variant.name(), seed);
    }

    public static SoakOptions parse(String[] args) {
        int duration = 60;
        int backends = 4;
        int maxWorkers = 6;
        int maxParallel = 3;
        double chaos = 0.6;
        double restartRate = 0.04;
        long seed = new java.util.Random().nextLong();
        Variant variant = Variant.FIXED;
        Path data = null;
        Verbosity verbosity = Verbosity.NORMAL;
        int progress = 10;
        for (OptionParser.Option o : new OptionParser(FLAGS, VALUE_OPTIONS, UsageException::new).parse(args)) {
            switch (o.key()) {
                case "--quiet", "--verbose" -> verbosity = o.key().equals("--quiet") ? Verbosity.QUIET : Verbosity.VERBOSE;
                case "--duration" -> duration = o.intBetween(10, 86_400);
                case "--backends" -> backends = o.intBetween(1, 16);
                case "--max-worker-processes" -> maxWorkers = o.intBetween(1, 64);
                case "--max-parallel-workers" -> maxParallel = o.intBetween(0, 64);
                case "--chaos" -> chaos = o.probability();
                case "--restart-rate" -> restartRate = o.probability();
                case "--seed" -> seed = o.number();
                case "--progress" -> progress = o.intBetween(1, 3600);
                case "--variant" -> variant = o.variant();
                case "--data-directory" -> data = o.absolutePath();
                default -> throw new IllegalStateException("option " + o.key() + " listed but not handled");
            }
        }
        return new SoakOptions(duration, backends, maxWorkers, maxParallel, chaos, restartRate, seed, variant, data,
                verbosity, progress);
    }

    /** A bad command line: the message (or null for --help) and the usage text. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
