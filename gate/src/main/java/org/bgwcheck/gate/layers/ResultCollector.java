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
 * Folds a layer's individual results into its report: a property fails if any check of it failed under
 * the fixed protocol; a fault is detected if any run saw a property it breaks fail (see {@link #better});
 * a fault the layer never ran is "not expressible" there.
 */
final class ResultCollector {
    private final Layer layer;
    private final Map<Property, PropertyVerdict> protocol = new EnumMap<>(Property.class);
    private final Map<Fault, Detection> faults = new EnumMap<>(Fault.class);

    ResultCollector(Layer layer) {
        this.layer = layer;
    }

    void fixed(Set<Property> properties, boolean passed, String evidence) {
        for (Property p : properties) {
            PropertyVerdict prior = protocol.get(p);
            if (prior == null || (prior.outcome() == PropertyVerdict.Outcome.PASS && !passed)) {
                protocol.put(p, new PropertyVerdict(layer, p,
                        passed ? PropertyVerdict.Outcome.PASS : PropertyVerdict.Outcome.FAIL, evidence));
            }
        }
    }

    void fault(Fault f, boolean detected, double seconds, String evidence, Timeline counterexample) {
        Detection d = new Detection(layer, f, detected ? Detection.Status.DETECTED : Detection.Status.MISSED,
                seconds, evidence, counterexample);
        faults.merge(f, d, ResultCollector::better);
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

    LayerReport build() {
        List<Detection> all = new ArrayList<>();
        for (Fault f : Fault.values()) {
            all.add(faults.getOrDefault(f, Detection.notExpressible(layer, f, "not run by this layer")));
        }
        return new LayerReport(layer, List.copyOf(protocol.values()), all, null);
    }
}
