package org.bgwcheck.stress.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Summary rows folded into one line per test, backing, mode and JDK: in how many runs a forbidden outcome
 * appeared, and how often per million samples. This is the README's detection table.
 */
final class DetectionTable {
    private record Key(String test, String variant, String backing, String mode, String jdk) {
    }

    private static final class Line {
        int runs;
        int detected;
        long samples;
        long forbidden;
        double seconds;
        double load;
        int loads;
    }

    private static final String HEADER = "| test | variant | backing | detected / runs | forbidden per million"
            + " | samples per run | s per run | mode | JDK | load average |";
    private static final String ROW = "| %s | %s | %s | %d / %d | %s | %,d | %.0f | %s | %s | %s |";

    private DetectionTable() {
    }

    static List<String> markdown(List<SummaryRow> rows) {
        Map<Key, Line> lines = new LinkedHashMap<>();
        for (SummaryRow r : rows) {
            if (!r.valid()) {
                continue;
            }
            Line l = lines.computeIfAbsent(new Key(r.test().shortName(), r.test().variant().name(),
                    r.backing().name(), r.mode(), r.jdk()), k -> new Line());
            l.runs++;
            l.detected += r.detected() ? 1 : 0;
            l.samples += r.samples();
            l.forbidden += r.forbidden();
            l.seconds += Double.isNaN(r.seconds()) ? 0 : r.seconds();
            if (!Double.isNaN(r.meanLoad())) {
                l.load += r.meanLoad();
                l.loads++;
            }
        }
        List<String> out = new ArrayList<>();
        out.add(HEADER);
        out.add("|---|---|---|---|---|---|---|---|---|---|");
        lines.forEach((k, l) -> out.add(String.format(Locale.ROOT, ROW, k.test(), k.variant(), k.backing(),
                l.detected, l.runs, perMillion(l.forbidden, l.samples), l.samples / l.runs, l.seconds / l.runs,
                k.mode(), k.jdk(), l.loads == 0 ? "?" : String.format(Locale.ROOT, "%.1f", l.load / l.loads))));
        return out;
    }

    private static String perMillion(long forbidden, long samples) {
        if (forbidden == 0) {
            return "0";
        }
        double ppm = forbidden * 1e6 / samples;
        return ppm >= 10 ? String.format(Locale.ROOT, "%.0f", ppm) : String.format(Locale.ROOT, "%.2g", ppm);
    }
}
