package org.bgwcheck.weak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;


/**
 * {@code target/weak-summary.json}: one entry per exploration this test JVM ran, rewritten whole after each, so
 * the gate finds a complete file whenever the run stops. A failing exploration is recorded before its test
 * fails, so the gate sees the failure too.
 */
final class WeakSummary {
    /** What an exploration concluded. */
    enum Verdict {
        /** The fixed protocol (or code that must stay clean, e.g. under SC) violated nothing, exhaustively. */
        PASSED,
        /** It violated a property, or could not explore everything within its budget. */
        FAILED,
        /** The fault (or removed fence) violated a property it is declared to break. */
        DETECTED,
        /** The fault went unnoticed, or showed only properties it is not declared to break. */
        NOT_DETECTED,
        /** The memory model cannot show this fault (a missing fence under SC or TSO): it was explored and, as it
         * must, violated nothing. */
        NOT_EXPRESSIBLE;

        String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    private static final List<Map<String, Object>> ENTRIES = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private WeakSummary() {
    }

    /**
     * @param check    the test's name for the check
     * @param variant  FIXED, a fault of the catalogue, or {@code FIXED-without-<site>} for a removed fence
     * @param property the properties checked (a clean run) or that count as a detection (a fault's own)
     * @param facts    {@link org.bgwcheck.weak.explore.Exploration#facts()}
     */
    static synchronized void record(String check, String variant, List<String> property, Map<String, Object> facts,
                                    Verdict verdict, String reproduce) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("check", check);
        entry.put("variant", variant);
        entry.put("property", String.join(",", property));
        entry.put("verdict", verdict.json());
        entry.put("detected", verdict == Verdict.DETECTED);
        entry.put("reproduce", reproduce);
        entry.putAll(facts);
        ENTRIES.add(entry);
        System.out.printf(Locale.ROOT, "[weak-summary] %s %s: %s (%s)%n", check, variant, verdict.json(),
                facts.get("summary"));
        Path file = Path.of(System.getProperty("basedir", "."), "target", "weak-summary.json");
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), ENTRIES);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
