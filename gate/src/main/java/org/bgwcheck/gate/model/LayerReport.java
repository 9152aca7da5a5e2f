package org.bgwcheck.gate.model;

import java.util.List;

/**
 * Everything one layer contributed: its verdicts on the fixed protocol, its detections of the faults, the
 * failures that belong to no property cell (its "other" row), and a note when it could not be read at all.
 * Both of the last two fail the gate.
 *
 * @param other   failing checks that name no property, runs that ended in error, and variant runs that violated
 *                a property their fault does not break (findings about the code); empty when there are none
 * @param problem why the layer has no result (no summary, an unreadable or stale one); null when it has one
 */
public record LayerReport(Layer layer, List<PropertyVerdict> protocol, List<Detection> faults, List<String> other,
                          String problem) {
    public LayerReport {
        protocol = List.copyOf(protocol);
        faults = List.copyOf(faults);
        other = List.copyOf(other);
    }

    public static LayerReport missing(Layer layer, String problem) {
        return new LayerReport(layer, List.of(), List.of(), List.of(), problem);
    }

    public boolean ran() {
        return problem == null;
    }

    /** The "other" row's cell: it fails when the layer has no result or a failure outside the property cells. */
    public boolean otherFails() {
        return !ran() || !other.isEmpty();
    }
}
