package org.bgwcheck.gate.model;

import java.util.List;

/**
 * Everything one layer contributed: its verdicts on the fixed protocol, its detections of the faults, and
 * a note when it could not be read at all (which counts as a failure of the gate).
 */
public record LayerReport(Layer layer, List<PropertyVerdict> protocol, List<Detection> faults, String problem) {
    public LayerReport {
        protocol = List.copyOf(protocol);
        faults = List.copyOf(faults);
    }

    public static LayerReport missing(Layer layer, String problem) {
        return new LayerReport(layer, List.of(), List.of(), problem);
    }

    public boolean ran() {
        return problem == null;
    }
}
