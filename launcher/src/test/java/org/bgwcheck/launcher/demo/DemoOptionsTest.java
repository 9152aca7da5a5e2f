package org.bgwcheck.launcher.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.bgwcheck.core.postmaster.ShutdownMode;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsAndBothOptionForms() {
        DemoOptions d = DemoOptions.parse(new String[0]);
        assertEquals(4, d.backends());
        assertEquals(3, d.workers());
        assertEquals(ShutdownMode.SMART, d.shutdown());
        DemoOptions o = DemoOptions.parse(new String[] {"--backends", "2", "--workers=5", "--shutdown", "FAST", "--quiet"});
        assertEquals(2, o.backends());
        assertEquals(5, o.workers());
        assertEquals(ShutdownMode.FAST, o.shutdown());
        assertEquals(DemoOptions.Verbosity.QUIET, o.verbosity());
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertBad("unknown option \"--bogus\"", "--bogus");
        assertBad("unexpected argument \"7\"", "7");
        assertBad("--backends needs a value", "--backends");
        assertBad("--backends must be between 1 and 32, not 0", "--backends", "0");
        assertBad("--workers must be a number, not \"many\"", "--workers=many");
        assertBad("--crashes (3) must be at most --rounds (2)", "--rounds", "2", "--crashes", "3");
        assertBad("--shutdown must be smart or fast", "--shutdown", "slow");
        assertBad("unknown protocol variant", "--variant", "NOPE");
        DemoOptions.UsageException help = assertThrows(DemoOptions.UsageException.class,
                () -> DemoOptions.parse(new String[] {"--help"}));
        assertNull(help.getMessage());
    }

    @Test
    void crashesAreSpreadOverDistinctRounds() {
        for (int rounds = 1; rounds <= 12; rounds++) {
            for (int crashes = 0; crashes <= rounds; crashes++) {
                DemoOptions o = DemoOptions.parse(new String[] {"--rounds", "" + rounds, "--crashes", "" + crashes});
                List<Integer> chosen = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    if (o.crashInRound(r)) {
                        chosen.add(r);
                    }
                }
                assertEquals(crashes, chosen.size(), rounds + " rounds, " + crashes + " crashes: " + chosen);
            }
        }
    }

    private static void assertBad(String fragment, String... args) {
        DemoOptions.UsageException e = assertThrows(DemoOptions.UsageException.class, () -> DemoOptions.parse(args));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
