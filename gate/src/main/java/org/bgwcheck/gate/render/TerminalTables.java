package org.bgwcheck.gate.render;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Detection;
import org.bgwcheck.gate.model.GateResult;
import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;
import org.bgwcheck.gate.model.PropertyVerdict;

/** The two verdict tables as plain text. */
public final class TerminalTables {
    /** DESIGN.md's target for the quick profile; reported, not enforced (the exit rule is detection). */
    static final double BEST_LAYER_TARGET_SECONDS = 60;

    /**
     * The property table's last row, and its key in verdict.json: what fails a layer outside the property cells.
     */
    public static final String OTHER = "other";
    public static final String OTHER_STATEMENT = "no failing check that names no property, no run ended in error,"
            + " no variant run violating a property its fault does not break, and a current result from the layer";

    private TerminalTables() {
    }

    public static void print(GateResult g, PrintStream out) {
        List<Layer> layers = g.layers().stream().map(LayerReport::layer).toList();
        out.println("property x layer (fixed protocol)");
        StringBuilder head = new StringBuilder(String.format("%-5s", ""));
        layers.forEach(l -> head.append(String.format(" %-10s", l.id())));
        out.println(head);
        for (Property p : Property.values()) {
            StringBuilder row = new StringBuilder(String.format("%-5s", p));
            for (Layer l : layers) {
                row.append(String.format(" %-10s", g.verdict(p, l)
                        .map(v -> v.outcome() == PropertyVerdict.Outcome.PASS ? "pass" : "FAIL").orElse("-")));
            }
            out.println(row + "  " + p.statement());
        }
        StringBuilder other = new StringBuilder(String.format("%-5s", OTHER));
        g.layers().forEach(r -> other.append(String.format(" %-10s", r.otherFails() ? "FAIL" : "pass")));
        out.println(other + "  " + OTHER_STATEMENT);
        out.println();
        out.println("fault x layer (detected in seconds / missed / n/a = not expressible)");
        StringBuilder fh = new StringBuilder(String.format("%-29s %-10s", "fault", "breaks"));
        layers.forEach(l -> fh.append(String.format(" %-10s", l.id())));
        out.println(fh + " best");
        Map<Fault, Detection> best = g.bestDetections();
        for (Fault f : Fault.values()) {
            StringBuilder row = new StringBuilder(String.format("%-29s %-10s", f,
                    String.join(",", f.breaks().stream().map(Enum::name).toList())));
            for (Layer l : layers) {
                row.append(String.format(" %-10s", g.detection(f, l).map(TerminalTables::cell).orElse("-")));
            }
            out.println(row + " " + Optional.ofNullable(best.get(f)).map(TerminalTables::best).orElse("NONE"));
        }
        List<String> slow = best.values().stream().filter(d -> d.seconds() > BEST_LAYER_TARGET_SECONDS)
                .map(d -> d.fault() + " (" + best(d) + ")").toList();
        out.printf(Locale.ROOT, "target, each fault detected by its best layer within %.0f s: %s%n",
                BEST_LAYER_TARGET_SECONDS, slow.isEmpty() ? "met" : "NOT met by " + String.join(", ", slow));
        out.println();
        out.println("faults model:");
        for (Fault f : Fault.values()) {
            out.println("  " + f + ": " + f.models());
        }
    }

    static String best(Detection d) {
        return String.format(Locale.ROOT, "%s %.1fs", d.layer().id(), d.seconds());
    }

    static String cell(Detection d) {
        return switch (d.status()) {
            case DETECTED -> String.format(Locale.ROOT, "%.1fs", d.seconds());
            case MISSED -> "missed";
            case NOT_EXPRESSIBLE -> "n/a";
            case NOT_RUN -> "NOT RUN";
        };
    }
}
