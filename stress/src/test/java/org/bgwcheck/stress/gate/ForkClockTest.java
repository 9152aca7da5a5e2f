package org.bgwcheck.stress.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForkClockTest {
    private static final long S = 1_000_000_000L;

    @Test
    void eachResultHeaderClosesTheTimeSinceThePreviousOne() {
        ForkClock clock = new ForkClock(0);
        clock.line("  Attached the non-interactive output stream.", 10 * S);
        clock.line("....... [OK] org.bgwcheck.stress.A.Fixed", 12 * S);
        clock.line("  JVM args: [-XX:-UseBiasedLocking]", 13 * S);
        clock.line("..... [FAILED] org.bgwcheck.stress.A.NoPublishBarrier", 15 * S);
        clock.line("... [VM ERROR] org.bgwcheck.stress.A.Fixed", 16 * S);
        clock.line("RUN RESULTS:", 17 * S);
        clock.line("....... [OK] org.bgwcheck.stress.A.Fixed", 18 * S);

        assertEquals(3.0, clock.seconds("org.bgwcheck.stress.A.Fixed"), 1e-9);
        assertEquals(3.0, clock.seconds("org.bgwcheck.stress.A.NoPublishBarrier"), 1e-9);
        assertTrue(Double.isNaN(clock.seconds("org.bgwcheck.stress.B.Fixed")));
    }
}
