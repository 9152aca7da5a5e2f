package org.bgwcheck.gate.model;

import org.bgwcheck.core.variant.Fault;

/** What one layer made of one catalogued fault. */
public record Detection(Layer layer, Fault fault, Status status, double seconds, String evidence, Timeline counterexample) {
    public enum Status {
        /** A property the fault breaks was seen to fail. */
        DETECTED,
        /** The layer ran the fault and every property held. */
        MISSED,
        /** The layer cannot express this fault (e.g. a barrier under sequential consistency). */
        NOT_EXPRESSIBLE,
        /** The layer should have run the fault but left no result. */
        NOT_RUN
    }

    public static Detection notExpressible(Layer layer, Fault fault, String why) {
        return new Detection(layer, fault, Status.NOT_EXPRESSIBLE, 0, why, null);
    }
}
