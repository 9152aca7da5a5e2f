package org.bgwcheck.launcher.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code launcher/target/launcher-summary.json}, the launcher layer's result for the gate: a JSON
 * array with one object per property check an integration test ran,
 * {@code {"check", "property", "variant", "passed", "seconds", "detail"}}, written by the tests
 * from what they observed. Failsafe runs every integration test in one JVM; its first entry
 * replaces the file of an earlier run and every later entry rewrites it whole (atomically), so
 * the file is complete and valid after each test, even if a later one wedges.
 *
 * <p>The file is named by the system property {@code bgwcheck.summary.file} (set by the pom);
 * without it (a test run from an IDE) nothing is written.
 */
public final class LauncherSummary {

    /** One property check: what it checked, which property, whether it held, how long, what was seen. */
    public record Entry(String check, String property, String variant, boolean passed, double seconds, String detail) {
    }

    private static final List<Entry> ENTRIES = new ArrayList<>();

    private LauncherSummary() {
    }

    public static synchronized void record(Entry entry) {
        ENTRIES.add(entry);
        String file = System.getProperty("bgwcheck.summary.file");
        if (file == null || file.isEmpty()) {
            return;
        }
        Path path = Path.of(file);
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(tmp, toJson(ENTRIES));
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + path, e);
        }
    }

    public static synchronized List<Entry> entries() {
        return List.copyOf(ENTRIES);
    }

    static String toJson(List<Entry> entries) {
        StringBuilder s = new StringBuilder("[\n");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            s.append("  {\"check\": ").append(quote(e.check()))
                    .append(", \"property\": ").append(quote(e.property()))
                    .append(", \"variant\": ").append(quote(e.variant()))
                    .append(", \"passed\": ").append(e.passed())
                    .append(", \"seconds\": ").append(String.format(Locale.ROOT, "%.3f", e.seconds()))
                    .append(", \"detail\": ").append(quote(e.detail()))
                    .append(i + 1 < entries.size() ? "},\n" : "}\n");
        }
        return s.append("]\n").toString();
    }

    static String quote(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
