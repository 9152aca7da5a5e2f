package org.bgwcheck.launcher.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.bgwcheck.core.variant.Variant;

/**
 * The command-line loop the launcher's tools share ({@code bin/soak}, {@code bin/demo}):
 * {@code --key=value} or {@code --key value}, flags without a value, {@code --help}, and the
 * checks every tool makes of a value. Each bad argument is refused with one reason, as an
 * exception of the tool's own type (so its caller prints its own usage text).
 */
public final class OptionParser {

    /** One option as given ({@code value} is null for a flag), with the checks of its value. */
    public record Option(OptionParser parser, String key, String value) {
        public long number() {
            return parser.number(key, value);
        }

        public int intBetween(int min, int max) {
            return (int) parser.bounded(key, value, min, max);
        }

        public double probability() {
            return parser.probability(key, value);
        }

        public Variant variant() {
            return parser.variant(value);
        }

        public java.nio.file.Path absolutePath() {
            return java.nio.file.Path.of(value).toAbsolutePath();
        }
    }

    private final Set<String> flags;
    private final Set<String> valueOptions;
    private final Function<String, ? extends RuntimeException> usageError;

    /**
     * @param usageError the tool's usage exception from a message (null for {@code --help})
     */
    public OptionParser(Set<String> flags, Set<String> valueOptions, Function<String, ? extends RuntimeException> usageError) {
        this.flags = flags;
        this.valueOptions = valueOptions;
        this.usageError = usageError;
    }

    /** The options in order; the caller turns each into its setting (through the checks below). */
    public List<Option> parse(String[] args) {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String key = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                key = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (key.equals("--help") || key.equals("-h")) {
                throw usageError.apply(null);
            }
            if (flags.contains(key)) {
                options.add(new Option(this, key, null));
                continue;
            }
            if (!valueOptions.contains(key)) {
                throw error(key.startsWith("-") ? "unknown option \"" + key + "\"" : "unexpected argument \"" + arg + "\"");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw error(key + " needs a value");
                }
                value = args[++i];
            }
            options.add(new Option(this, key, value));
        }
        return options;
    }

    /** The tool's usage exception with this reason. */
    private RuntimeException error(String message) {
        return usageError.apply(message);
    }

    private long number(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw error(key + " must be a number, not \"" + value + "\"");
        }
    }

    private long bounded(String key, String value, long min, long max) {
        long n = number(key, value);
        if (n < min || n > max) {
            throw error(key + " must be between " + min + " and " + max + ", not " + value);
        }
        return n;
    }

    private double probability(String key, String value) {
        double p;
        try {
            p = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw error(key + " must be a number between 0 and 1, not \"" + value + "\"");
        }
        if (!(p >= 0 && p <= 1)) {
            throw error(key + " must be between 0 and 1, not " + value);
        }
        return p;
    }

    /** FIXED or a fault's name; an unknown name is refused with the list of good ones. */
    private Variant variant(String value) {
        try {
            return Variant.parse(value);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }
}
