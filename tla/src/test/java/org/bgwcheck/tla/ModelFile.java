package org.bgwcheck.tla;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model under {@code tla/models/}: a TLC configuration file whose leading comments declare what the
 * runner needs to know, for example
 *
 * <pre>
 * \* expect: violated NoClobber
 * \* tier: quick
 * </pre>
 *
 * Recognised keys: {@code expect} ({@code pass} or {@code violated <Property>}), {@code tier}
 * ({@code quick} models run in every profile, {@code deep} ones only with {@code -Pdeep}, {@code target}
 * ones only when selected by name), {@code spec}
 * (module name, default BgWorker), {@code mode} ({@code bfs}, {@code simulate} or {@code distributed}),
 * {@code workers}, {@code heap} (e.g. {@code 2g}), {@code timeout} (seconds), {@code depth} and {@code seed}
 * (simulation). Everything else in the file is plain TLC configuration.
 */
record ModelFile(Path path, String name, Map<String, String> header, Map<String, String> constants,
                 List<String> properties, Expectation expected) {

    private static final Pattern HEADER = Pattern.compile("^\\\\\\*\\s*([a-zA-Z]+)\\s*:\\s*(.*?)\\s*$");
    private static final Set<String> KEYWORDS = Set.of("CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION",
            "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "SYMMETRY", "VIEW", "CHECK_DEADLOCK", "CONSTRAINT",
            "CONSTRAINTS", "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "ALIAS", "POSTCONDITION");
    private static final Pattern CONSTANT = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.+?)\\s*$");

    static ModelFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, String> constants = new LinkedHashMap<>();
        List<String> properties = new ArrayList<>();
        String section = "";
        for (String line : lines) {
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                header.putIfAbsent(h.group(1).toLowerCase(), h.group(2));
                continue;
            }
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("\\*")) {
                continue;
            }
            String first = trimmed.split("\\s+")[0];
            String rest = trimmed;
            if (KEYWORDS.contains(first)) {
                section = first;
                rest = trimmed.substring(first.length()).trim();
            }
            if (section.startsWith("CONSTANT")) {
                Matcher c = CONSTANT.matcher(rest);
                if (c.matches()) {
                    constants.put(c.group(1), c.group(2));
                }
            } else if (section.startsWith("PROPERT") && !rest.isEmpty()) {
                properties.addAll(List.of(rest.split("\\s+")));
            }
        }
        String file = path.getFileName().toString();
        String name = file.endsWith(".cfg") ? file.substring(0, file.length() - 4) : file;
        String expect = header.get("expect");
        if (expect == null) {
            throw new IllegalArgumentException(path + ": no '\\* expect:' line");
        }
        return new ModelFile(path, name, header, constants, properties, Expectation.parse(expect, path));
    }

    /** A constant's value without TLA+ string quotes, e.g. {@code WEAK} for {@code MemModel = "WEAK"}. */
    String constant(String key) {
        String v = constants.getOrDefault(key, "?");
        return v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    String variant() {
        return constant("Variant");
    }

    String memModel() {
        return constant("MemModel");
    }

    String tier() {
        return header.getOrDefault("tier", "quick");
    }

    String spec() {
        return header.getOrDefault("spec", "BgWorker");
    }

    String mode() {
        return header.getOrDefault("mode", "bfs");
    }

    int workers() {
        return Integer.parseInt(header.getOrDefault("workers", "1"));
    }

    Optional<String> heap() {
        return Optional.ofNullable(header.get("heap"));
    }

    Optional<String> option(String key) {
        return Optional.ofNullable(header.get(key));
    }

    /**
     * Whether this model runs in the given profile: quick models always, deep models only in deep;
     * "target" models (goals not reached yet) only when selected by name.
     */
    boolean runsIn(String profile) {
        return tier().equals("quick") || (tier().equals("deep") && profile.equals("deep"));
    }

    /** What the model must produce. */
    record Expectation(boolean pass, String property) {
        static Expectation parse(String text, Path path) {
            String[] words = text.trim().split("\\s+");
            if (words[0].equals("pass") && words.length == 1) {
                return new Expectation(true, null);
            }
            if (words[0].equals("violated") && words.length == 2) {
                return new Expectation(false, words[1]);
            }
            throw new IllegalArgumentException(path + ": cannot read '\\* expect: " + text
                    + "' (want 'pass' or 'violated <Property>')");
        }

        @Override
        public String toString() {
            return pass ? "pass" : "violated " + property;
        }
    }
}
