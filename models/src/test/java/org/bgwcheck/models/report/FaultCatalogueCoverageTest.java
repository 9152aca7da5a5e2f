package org.bgwcheck.models.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.models.fuzz.ShmemFuzzProperties;
import org.bgwcheck.models.lifecycle.LifecycleFaultProperties;
import org.bgwcheck.models.lincheck.BackgroundWorkerLinearizabilityTest;
import org.bgwcheck.models.report.Summary.Entry;
import org.junit.jupiter.api.Test;

/**
 * Every catalogued fault is either checked by this module or recorded as beyond it: Lincheck and jqwik run every
 * access in program order (sequential consistency), so a missing or misplaced fence changes nothing they can
 * observe. A new fault fails this test until it is placed on one side.
 */
class FaultCatalogueCoverageTest {
    /** The memory-ordering faults: for jcstress and the TLA+ memory models. */
    static final Set<Fault> NOT_EXPRESSIBLE = EnumSet.of(Fault.NO_PUBLISH_BARRIER, Fault.NO_SCAN_READ_BARRIER,
            Fault.NO_TERMINATE_RELEASE_BARRIER, Fault.NO_FORGET_RELEASE_BARRIER, Fault.PID_STORE_AFTER_BARRIER,
            Fault.SEED_AS_WRITTEN);

    @Test
    void everyFaultIsCheckedHereOrRecordedAsNotExpressible() {
        Set<Fault> checked = EnumSet.noneOf(Fault.class);
        checked.addAll(Arrays.asList(BackgroundWorkerLinearizabilityTest.DETECTABLE));
        for (Class<?> properties : new Class<?>[] {LifecycleFaultProperties.class, ShmemFuzzProperties.class}) {
            for (Method m : properties.getDeclaredMethods()) {
                JqwikCheck check = m.getAnnotation(JqwikCheck.class);
                if (check != null) {
                    checked.addAll(Arrays.asList(check.detects()));
                }
            }
        }
        Set<Fault> placed = EnumSet.copyOf(checked);
        placed.addAll(NOT_EXPRESSIBLE);
        assertEquals(EnumSet.allOf(Fault.class), placed, "faults neither checked nor recorded as not expressible");
        assertEquals(EnumSet.noneOf(Fault.class), intersection(checked, NOT_EXPRESSIBLE));
        for (Fault f : NOT_EXPRESSIBLE) {
            for (Summary.Tool tool : Summary.Tool.values()) {
                Summary.record(new Entry("not-expressible", tool, Summary.Mode.NOT_EXPRESSIBLE, f.name(),
                        f.breaks().toString(), Summary.Verdict.NOT_EXPRESSIBLE, 0, 0, null,
                        "sequential consistency: every access happens in program order, so this fence changes"
                                + " nothing the tool can observe; see jcstress (stress) and TLA+ (tla)", List.of()));
            }
        }
    }

    private static Set<Fault> intersection(Set<Fault> a, Set<Fault> b) {
        Set<Fault> i = EnumSet.copyOf(a);
        i.retainAll(b);
        return i;
    }
}
