package org.bgwcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.bgwcheck.core.check.SequentialScenarios;
import org.bgwcheck.core.check.SequentialScenarios.Scenario;
import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every catalogued fault that can be seen without concurrency breaks, in a single-threaded scenario, a
 * property it is catalogued as breaking; the fixed protocol passes every scenario; and the faults that need
 * concurrency change nothing a single thread can see (they are pure ordering or locking faults).
 */
class FaultVisibilityTest {
    private static final Map<Fault, Scenario> SCENARIOS = SequentialScenarios.byFault();

    @Test
    void everyFaultIsEitherSequentiallyVisibleOrNeedsConcurrency() {
        Set<Fault> covered = EnumSet.noneOf(Fault.class);
        covered.addAll(SCENARIOS.keySet());
        covered.addAll(SequentialScenarios.needConcurrency());
        assertEquals(EnumSet.allOf(Fault.class), covered);
        for (Fault f : SequentialScenarios.needConcurrency()) {
            assertFalse(SCENARIOS.containsKey(f), f + " is in both lists");
        }
    }

    @TestFactory
    Stream<DynamicTest> fixedProtocolPassesEveryScenario() {
        return scenarios().flatMap(s -> backings().map(kind -> DynamicTest.dynamicTest(
                s.name() + " [" + kind + "]",
                () -> assertEquals(List.of(), s.run(Variant.FIXED, kind::create).violations(), "FIXED on " + kind))));
    }

    /** Every scenario that names a fault sees it, through a property that fault is declared to break. */
    @TestFactory
    Stream<DynamicTest> sequentiallyVisibleFaultBreaksItsProperty() {
        return scenarios().flatMap(s -> s.exposes().stream().sorted()
                .flatMap(fault -> backings().map(kind -> DynamicTest.dynamicTest(
                        fault + ": " + s.name() + " [" + kind + "]", () -> {
                            SequentialScenarios.Result seen = s.run(Variant.of(fault), kind::create);
                            assertFalse(seen.violations().isEmpty(), fault + ": scenario '" + s.name()
                                    + "' saw no violation");
                            assertTrue(seen.violates(fault.breaks()), fault + " should break one of "
                                    + fault.breaks() + " but the scenario saw " + seen.violations());
                            assertFalse(seen.trace().isEmpty(), "a counterexample comes with its steps");
                        }))));
    }

    @Test
    void everySequentiallyVisibleFaultHasItsFirstScenarioInByFault() {
        for (Scenario s : SequentialScenarios.all()) {
            for (Fault f : s.exposes()) {
                assertTrue(SCENARIOS.containsKey(f), f + " is exposed by '" + s.name() + "' but not in byFault");
            }
        }
        assertEquals(SequentialScenarios.all().size(), SequentialScenarios.all().stream().map(Scenario::name)
                .distinct().count(), "scenario names are unique");
    }

    @TestFactory
    Stream<DynamicTest> concurrencyOnlyFaultsAreInvisibleSequentially() {
        return SequentialScenarios.needConcurrency().stream().flatMap(fault -> backings().map(kind ->
                DynamicTest.dynamicTest(fault + " [" + kind + "]", () -> {
                    List<Violation> all = new ArrayList<>();
                    scenarios().forEach(s -> all.addAll(s.run(Variant.of(fault), kind::create).violations()));
                    assertEquals(List.of(), all, fault + " should only be visible under concurrency");
                })));
    }

    private static Stream<Scenario> scenarios() {
        return SequentialScenarios.all().stream();
    }

    private static Stream<SlotMemoryKind> backings() {
        return Stream.of(SlotMemoryKind.values());
    }
}
