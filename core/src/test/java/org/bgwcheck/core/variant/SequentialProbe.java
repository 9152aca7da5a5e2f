package org.bgwcheck.core.variant;

import java.util.function.BiFunction;

import org.bgwcheck.core.check.SequentialScenarios;
import org.bgwcheck.core.shmem.SlotMemoryKind;

/**
 * Runs one sequential scenario inside whichever loader loaded this class: (the fault whose scenario to run,
 * the variant to tell the constructors) to the violations seen. Only strings cross, so the test can call it
 * from outside a {@link SpecialisingClassLoader}.
 */
public final class SequentialProbe implements BiFunction<String, String, String> {
    @Override
    public String apply(String scenarioOf, String constructorsTold) {
        return SequentialScenarios.byFault().get(Fault.valueOf(scenarioOf))
                .run(Variant.parse(constructorsTold), SlotMemoryKind.OBJECT_FIELDS::create)
                .violations().toString();
    }
}
