package org.bgwcheck.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.runners.TestList;

class VariantNamesTest {
    @Test
    void classNamesSpellTheVariant() {
        assertEquals("FIXED", VariantNames.constantName("Fixed"));
        assertEquals("NO_PUBLISH_BARRIER", VariantNames.constantName("NoPublishBarrier"));
        assertEquals(Variant.FIXED, VariantNames.of(RegisterVersusScan.Fixed.class));
        assertEquals(Fault.SEED_AS_WRITTEN, VariantNames.of(ForgetVersusRegister.SeedAsWritten.class).fault());
        assertEquals(Fault.REGISTER_WITHOUT_LOCK,
                VariantNames.of(RegisterVersusRegister.RegisterWithoutLock.class).fault());
    }

    @Test
    void everyScenarioRunsTheFixedProtocol() {
        Map<String, Set<String>> variantsByScenario = TestList.tests().stream()
                .filter(t -> t.startsWith("org.bgwcheck.stress."))
                .collect(Collectors.groupingBy(t -> t.substring(0, t.lastIndexOf('.')),
                        Collectors.mapping(t -> t.substring(t.lastIndexOf('.') + 1), Collectors.toSet())));
        assertEquals(6, variantsByScenario.size(), variantsByScenario.keySet().toString());
        variantsByScenario.forEach((scenario, variants) ->
                assertTrue(variants.contains("Fixed"), scenario + " runs the fixed protocol: " + variants));
    }
}
