package org.bgwcheck.gate.layers;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Detection;
import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;
import org.bgwcheck.gate.model.PropertyVerdict;
import org.bgwcheck.gate.model.Timeline;

/**
 * Folds a layer's individual results into its report, failing closed: a property fails if any check of it failed
 * under the fixed protocol, and a failing check that names no property fails the layer's "other" row; a fault is
 * detected only if a run of it saw one of the properties it breaks ({@link Fault#breaks()}) fail (see {@link
 * #better}), while a run of it that saw only other properties fail is a finding about the code, never credited to
 * the fault; a fault the layer never ran is "not expressible" there; a summary without a single entry for the
 * layer is no result at all.
 */
final class ResultCollector {
    private final Layer layer;
    private final Map<Property, PropertyVerdict> protocol = new EnumMap<>(Property.class);
    private final Map<Fault, Detection> faults = new EnumMap<>(Fault.class);
    private final List<String> other = new ArrayList<>();
    private int entries;

    ResultCollector(Layer layer) {
        this.layer = layer;
    }

    /** One check of the fixed protocol; a failing one that names no property fails the "other" row. */
    void fixed(Set<Property> properties, boolean passed, String evidence) {
        entries++;
        if (properties.isEmpty() && !passed) {
            other.add("a check of the fixed protocol failed and names no property: " + evidence);
        }
        for (Property p : properties) {
            PropertyVerdict prior = protocol.get(p);
            if (prior == null || (prior.outcome() == PropertyVerdict.Outcome.PASS && !passed)) {
                protocol.put(p, new PropertyVerdict(layer, p,
                        passed ? PropertyVerdict.Outcome.PASS : PropertyVerdict.Outcome.FAIL, evidence));
            }
        }
    }

    /**
     * One run of a fault: whether it saw a violation, and of which properties. It detects the fault only through a
     * property the fault breaks. A violation seen only outside them, or of no property named, is a finding about
     * the code: reported, never credited, and the run counts as a miss.
     */
    void fault(Fault f, boolean sawViolation, Set<Property> violated, double seconds, String evidence,
               Timeline counterexample) {
        entries++;
        boolean credited = sawViolation && violated.stream().anyMatch(f.breaks()::contains);
        if (sawViolation && !credited) {
            other.add(f + " run shows " + (violated.isEmpty() ? "a violation of no property named" : names(violated))
                    + ", which " + f + " does not break: a finding about the code (" + evidence + ")");
        }
        Detection d = new Detection(layer, f, credited ? Detection.Status.DETECTED : Detection.Status.MISSED,
                seconds, evidence, credited ? counterexample : null);
        faults.merge(f, d, ResultCollector::better);
    }

    /** A run whose numbers do not stand (it ended in error, or its result says nothing): it fails the layer. */
    void voidRun(String what) {
        entries++;
        other.add(what);
    }

    /** A test of the layer's module that failed (from its test reports); counted beside the summary's entries. */
    void failedTest(String what) {
        other.add(what);
    }

    private static String names(Set<Property> properties) {
        return String.join("+", properties.stream().map(Enum::name).toList());
    }

    /**
     * Of two runs of one fault in one layer: a detection beats a miss; the time to detect is the faster run's;
     * the picture is the shorter counterexample (with its run's evidence), because it is the one a person can
     * read — a model-checking interleaving of a dozen steps says more than a stress run's thirty.
     */
    private static Detection better(Detection a, Detection b) {
        boolean aHit = a.status() == Detection.Status.DETECTED;
        boolean bHit = b.status() == Detection.Status.DETECTED;
        if (aHit != bHit) {
            return aHit ? a : b;
        }
        double seconds = Math.min(a.seconds(), b.seconds());
        Detection shown = steps(a) <= steps(b) ? a : b;
        return new Detection(shown.layer(), shown.fault(), shown.status(), seconds, shown.evidence(),
                shown.counterexample());
    }

    /** Without a picture, a run counts as longest. */
    private static int steps(Detection d) {
        return d.counterexample() == null ? Integer.MAX_VALUE : d.counterexample().steps().size();
    }

    /** True when the summary held at least one entry for this layer. */
    boolean hasEntries() {
        return entries > 0;
    }

    LayerReport build() {
        List<Detection> all = new ArrayList<>();
        for (Fault f : Fault.values()) {
            all.add(faults.getOrDefault(f, Detection.notExpressible(layer, f, "not run by this layer")));
        }
        return new LayerReport(layer, List.copyOf(protocol.values()), all, other, null);
    }
}
