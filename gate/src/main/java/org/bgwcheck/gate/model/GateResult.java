package org.bgwcheck.gate.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;

/** Every layer's report together, and the gate's verdict over them. */
public record GateResult(List<LayerReport> layers, double durationSeconds) {
    public GateResult {
        layers = List.copyOf(layers);
    }

    public Optional<PropertyVerdict> verdict(Property p, Layer l) {
        return report(l).flatMap(r -> r.protocol().stream().filter(v -> v.property() == p).findFirst());
    }

    public Optional<Detection> detection(Fault f, Layer l) {
        return report(l).flatMap(r -> r.faults().stream().filter(d -> d.fault() == f).findFirst());
    }

    public Optional<LayerReport> report(Layer l) {
        return layers.stream().filter(r -> r.layer() == l).findFirst();
    }

    /** The fastest detection of each fault, if any layer detected it. */
    public Map<Fault, Detection> bestDetections() {
        Map<Fault, Detection> best = new EnumMap<>(Fault.class);
        for (LayerReport r : layers) {
            for (Detection d : r.faults()) {
                if (d.status() == Detection.Status.DETECTED) {
                    best.merge(d.fault(), d, (a, b) -> a.seconds() <= b.seconds() ? a : b);
                }
            }
        }
        return best;
    }

    /** Why the gate fails; empty when it passes. */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (LayerReport r : layers) {
            if (!r.ran()) {
                out.add("layer " + r.layer().id() + " left no result: " + r.problem());
            }
            for (String o : r.other()) {
                out.add(r.layer().id() + ": " + o);
            }
            for (PropertyVerdict v : r.protocol()) {
                if (v.outcome() == PropertyVerdict.Outcome.FAIL) {
                    out.add("fixed protocol fails " + v.property() + " in " + r.layer().id() + ": " + v.evidence());
                }
            }
            for (Detection d : r.faults()) {
                if (d.status() == Detection.Status.NOT_RUN) {
                    out.add(d.fault() + " was not run by " + r.layer().id() + ": " + d.evidence());
                }
            }
        }
        Map<Fault, Detection> best = bestDetections();
        for (Fault f : Fault.values()) {
            if (!best.containsKey(f)) {
                out.add(f + " (breaks " + f.breaks() + ") is detected by no layer");
            }
        }
        return out;
    }
}
