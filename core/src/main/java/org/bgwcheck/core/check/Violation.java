package org.bgwcheck.core.check;

import org.bgwcheck.core.variant.Property;

/** A property that does not hold, with what was seen, in the protocol's own words. */
public record Violation(Property property, String what) {
    @Override
    public String toString() {
        return property + " violated (" + property.statement() + "): " + what;
    }
}
