package org.bgwcheck.gate.model;

import org.bgwcheck.core.variant.Property;

/** What one layer found for one property under the fixed protocol. */
public record PropertyVerdict(Layer layer, Property property, Outcome outcome, String evidence) {
    public enum Outcome { PASS, FAIL }
}
