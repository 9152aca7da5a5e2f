package org.bgwcheck.core.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bgwcheck.core.check.SequentialScenarios;
import org.bgwcheck.core.check.SequentialScenarios.Scenario;
import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;

/**
 * Runs core's single-threaded scenarios against the fixed protocol and every catalogued fault, on every
 * slot-memory backing, and prints a verdict table. Exits 1 if the fixed protocol violates anything or a
 * fault that a single thread can see goes undetected. The full gate, with the concurrent layers, builds on
 * the same catalogue.
 */
public final class SequentialCheck {
    private SequentialCheck() {
    }

    public static void main(String[] args) {
        Map<Fault, Scenario> scenarios = new TreeMap<>(SequentialScenarios.byFault());
        boolean ok = true;

        List<Scenario> all = SequentialScenarios.all();
        System.out.println("== fixed protocol, every scenario, every backing");
        for (Scenario s : all) {
            for (SlotMemoryKind kind : SlotMemoryKind.values()) {
                List<Violation> v = s.run(Variant.FIXED, kind::create).violations();
                if (!v.isEmpty()) {
                    ok = false;
                    System.out.printf("FAIL  %-55s %-14s %s%n", s.name(), kind, v);
                }
            }
        }
        System.out.println(ok ? "pass  fixed protocol: no violation in " + all.size() * SlotMemoryKind.values().length
                + " scenario runs" : "FAIL  fixed protocol");

        System.out.println();
        System.out.printf("%-30s %-6s %-9s %-9s %s%n", "fault", "breaks", "detected", "ms", "first violation");
        for (Fault f : Fault.values()) {
            Scenario s = scenarios.get(f);
            if (s == null) {
                System.out.printf("%-30s %-6s %-9s %-9s %s%n", f, f.breaks().get(0), "n/a", "-",
                        "needs concurrency: stress, models or tla layer");
                continue;
            }
            List<String> missedOn = new ArrayList<>();
            String first = null;
            long start = System.nanoTime();
            for (SlotMemoryKind kind : SlotMemoryKind.values()) {
                List<Violation> v = s.run(Variant.of(f), kind::create).violations();
                boolean hit = v.stream().anyMatch(x -> f.breaks().contains(x.property()));
                if (!hit) {
                    missedOn.add(kind.name());
                } else if (first == null) {
                    first = v.get(0).property() + ": " + v.get(0).what();
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            boolean detected = missedOn.isEmpty();
            ok &= detected;
            System.out.printf("%-30s %-6s %-9s %-9d %s%n", f, s.property(), detected ? "yes" : "MISSED", ms,
                    detected ? abbreviate(first) : "missed on " + missedOn);
        }
        System.out.println();
        System.out.println(ok ? "verdict: PASS" : "verdict: FAIL");
        System.exit(ok ? 0 : 1);
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }
}
