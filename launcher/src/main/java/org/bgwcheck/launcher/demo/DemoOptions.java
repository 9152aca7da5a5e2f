package org.bgwcheck.launcher.demo;

import java.nio.file.Path;
import java.util.Locale;

import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.variant.Variant;

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
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String key = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                key = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (key) {
                case "--help", "-h" -> throw new UsageException(null);
                case "--quiet" -> verbosity = Verbosity.QUIET;
                case "--verbose" -> verbosity = Verbosity.VERBOSE;
                default -> {
                    if (!VALUE_OPTIONS.contains(key)) {
                        throw new UsageException(key.startsWith("-") ? "unknown option \"" + key + "\""
                                : "unexpected argument \"" + arg + "\"");
                    }
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(key + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (key) {
                        case "--backends" -> backends = bounded(key, value, 1, 32);
                        case "--workers" -> workers = bounded(key, value, 1, 16);
                        case "--rounds" -> rounds = bounded(key, value, 1, 50);
                        case "--crashes" -> crashes = bounded(key, value, 0, 50);
                        case "--launch-failures" -> failures = bounded(key, value, 0, 20);
                        case "--max-worker-processes" -> maxWorkers = bounded(key, value, 1, 64);
                        case "--max-parallel-workers" -> maxParallel = bounded(key, value, 0, 64);
                        case "--time-limit" -> timeLimit = bounded(key, value, 10, 3600);
                        case "--seed" -> seed = number(key, value);
                        case "--shutdown" -> shutdown = switch (value.toLowerCase(Locale.ROOT)) {
                            case "smart" -> ShutdownMode.SMART;
                            case "fast" -> ShutdownMode.FAST;
                            default -> throw new UsageException("--shutdown must be smart or fast, not \"" + value + "\"");
                        };
                        case "--variant" -> {
                            try {
                                variant = Variant.parse(value);
                            } catch (IllegalArgumentException e) {
                                throw new UsageException(e.getMessage());
                            }
                        }
                        case "--data-directory" -> data = Path.of(value).toAbsolutePath();
                        default -> throw new UsageException("unknown option \"" + key + "\"");
                    }
                }
            }
        }
        if (crashes > rounds) {
            throw new UsageException("--crashes (" + crashes + ") must be at most --rounds (" + rounds + ")");
        }
        return new DemoOptions(backends, workers, rounds, crashes, failures, maxWorkers, maxParallel, shutdown, timeLimit,
                seed, variant, data, verbosity);
    }

    private static int bounded(String key, String value, int min, int max) {
        long n = number(key, value);
        if (n < min || n > max) {
            throw new UsageException(key + " must be between " + min + " and " + max + ", not " + value);
        }
        return (int) n;
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(key + " must be a number, not \"" + value + "\"");
        }
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
