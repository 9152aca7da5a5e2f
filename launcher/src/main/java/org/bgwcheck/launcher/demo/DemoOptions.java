package org.bgwcheck.launcher.demo;

import java.nio.file.Path;
import java.util.Locale;

import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.launcher.cli.OptionParser;

/** The demo's command line; every value is checked, and a bad one is refused with the reason. */
record DemoOptions(int backends, int workers, int rounds, int crashes, int launchFailures, int maxWorkerProcesses,
                   int maxParallelWorkers, ShutdownMode shutdown, int timeLimitSeconds, long seed, Variant variant,
                   Path dataDirectory, Verbosity verbosity) {

    enum Verbosity { QUIET, NORMAL, VERBOSE }

    static final String USAGE = """
            usage: bin/demo [options]
              --backends N              backends per round, each a real process (default 4, 1..32)
              --workers M               workers each backend registers per round (default 3, 1..16)
              --rounds R                rounds of backends, one after another (default 3, 1..50)
              --crashes K               SIGKILLs to a running shared-memory worker, each forcing a
                                        crash-restart, spread over the rounds (default 1, 0..rounds)
              --launch-failures F       worker launches that fail in round 1 (default 2, 0..20)
              --max-worker-processes N  worker slots (default 8, 1..64)
              --max-parallel-workers N  parallel worker limit (default 4, 0..64)
              --shutdown smart|fast     how the postmaster is stopped at the end (default smart)
              --time-limit SECONDS      hard bound on the whole run (default 180, 10..3600)
              --seed N                  which worker is killed (default: random, printed)
              --variant FIXED|<fault>   protocol variant for postmaster and backends (default FIXED)
              --data-directory DIR      keep the data directory and logs here (default: a temp dir, removed)
              --quiet | --verbose       only round lines and the summary | every report line of the postmaster
              --help
            """;

    private static final java.util.Set<String> FLAGS = java.util.Set.of("--quiet", "--verbose");
    private static final java.util.Set<String> VALUE_OPTIONS = java.util.Set.of("--backends", "--workers", "--rounds",
            "--crashes", "--launch-failures", "--max-worker-processes", "--max-parallel-workers", "--time-limit", "--seed",
            "--shutdown", "--variant", "--data-directory");

    static DemoOptions parse(String[] args) {
        int backends = 4;
        int workers = 3;
        int rounds = 3;
        int crashes = 1;
        int failures = 2;
        int maxWorkers = 8;
        int maxParallel = 4;
        ShutdownMode shutdown = ShutdownMode.SMART;
        int timeLimit = 180;
        long seed = new java.util.Random().nextLong();
        Variant variant = Variant.FIXED;
        Path data = null;
        Verbosity verbosity = Verbosity.NORMAL;
        for (OptionParser.Option o : new OptionParser(FLAGS, VALUE_OPTIONS, UsageException::new).parse(args)) {
            switch (o.key()) {
                case "--quiet", "--verbose" -> verbosity = o.key().equals("--quiet") ? Verbosity.QUIET : Verbosity.VERBOSE;
                case "--backends" -> backends = o.intBetween(1, 32);
                case "--workers" -> workers = o.intBetween(1, 16);
                case "--rounds" -> rounds = o.intBetween(1, 50);
                case "--crashes" -> crashes = o.intBetween(0, 50);
                case "--launch-failures" -> failures = o.intBetween(0, 20);
                case "--max-worker-processes" -> maxWorkers = o.intBetween(1, 64);
                case "--max-parallel-workers" -> maxParallel = o.intBetween(0, 64);
                case "--time-limit" -> timeLimit = o.intBetween(10, 3600);
                case "--seed" -> seed = o.number();
                case "--shutdown" -> shutdown = switch (o.value().toLowerCase(Locale.ROOT)) {
                    case "smart" -> ShutdownMode.SMART;
                    case "fast" -> ShutdownMode.FAST;
                    default -> throw new UsageException("--shutdown must be smart or fast, not \"" + o.value() + "\"");
                };
                case "--variant" -> variant = o.variant();
                case "--data-directory" -> data = o.absolutePath();
                default -> throw new IllegalStateException("option " + o.key() + " listed but not handled");
            }
        }
        if (crashes > rounds) {
            throw new UsageException("--crashes (" + crashes + ") must be at most --rounds (" + rounds + ")");
        }
        return new DemoOptions(backends, workers, rounds, crashes, failures, maxWorkers, maxParallel, shutdown, timeLimit,
                seed, variant, data, verbosity);
    }

    /** Is a crash injected in this round (0-based)? K crashes spread evenly over R rounds. */
    boolean crashInRound(int round) {
        for (int i = 0; i < crashes; i++) {
            if ((int) ((long) (i + 1) * rounds / (crashes + 1)) == round) {
                return true;
            }
        }
        return false;
    }

    /** A bad command line: the message (or null for --help) and the usage text. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
