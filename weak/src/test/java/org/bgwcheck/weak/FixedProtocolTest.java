package org.bgwcheck.weak;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.weak.explore.Bounds;
import org.bgwcheck.weak.explore.Explorer;
import org.bgwcheck.weak.memory.MemoryModel;

/** Core's fixed protocol, as built, violates none of S1-S6 in any reachable state under each memory model. */
class FixedProtocolTest {
    /** What the explorer checks in every state (S2 and S4 also at rest, through core's mirror check). */
    static final List<String> CHECKED = List.of("S1", "S2", "S3", "S4", "S5", "S6");

    @ParameterizedTest(name = "{0}")
    @EnumSource(MemoryModel.class)
    void fixedProtocolIsCleanExhaustively(MemoryModel model) {
        Bounds bounds = WeakProfile.fixed(model);
        // Clean, it is explored to the end; a regression stops at its first (shortest) violation.
        Set<Property> all = Set.copyOf(CHECKED.stream().map(Property::valueOf).toList());
        var facts = new Explorer(Variant.FIXED, model, bounds, all, Long.MAX_VALUE, System.out::println)
                .run().facts();
        Explorations.mustStayClean("fixed protocol, exhaustive", "FIXED", CHECKED, facts, true,
                Explorations.reproduce("FIXED", model.name(), bounds));
    }
}
