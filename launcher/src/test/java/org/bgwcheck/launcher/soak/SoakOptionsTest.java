package org.bgwcheck.launcher.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.junit.jupiter.api.Test;

class SoakOptionsTest {

    @Test
    void defaultsAndEveryOption() {
        SoakOptions d = SoakOptions.parse(new String[0]);
        assertEquals(60, d.durationSeconds());
        assertEquals(4, d.backends());
        assertEquals(Variant.FIXED, d.variant());
        SoakOptions o = SoakOptions.parse(new String[] {"--duration", "1800", "--backends=6", "--max-worker-processes", "8",
                "--max-parallel-workers", "4", "--chaos", "0.3", "--restart-rate=0.1", "--seed", "-7", "--variant",
                "TERMINATE_IGNORES_GENERATION", "--data-directory", "/tmp/x", "--progress", "30", "--quiet"});
        assertEquals(1800, o.durationSeconds());
        assertEquals(6, o.backends());
        assertEquals(8, o.maxWorkerProcesses());
        assertEquals(4, o.maxParallelWorkers());
        assertEquals(0.3, o.chaos());
        assertEquals(0.1, o.restartRate());
        assertEquals(-7, o.seed());
        assertEquals(Variant.of(Fault.TERMINATE_IGNORES_GENERATION).name(), o.variant().name());
        assertEquals(SoakOptions.Verbosity.QUIET, o.verbosity());
        assertTrue(o.replayCommand().contains("--seed -7") && o.replayCommand().contains("--duration 1800"), o.replayCommand());
    }

    @Test
    void badValuesAreRefusedWithTheReason() {
        assertEquals("--duration must be between 10 and 86400, not 5", message("--duration", "5"));
        assertEquals("--chaos must be between 0 and 1, not 2", message("--chaos", "2"));
        assertEquals("--backends must be a number, not \"many\"", message("--backends", "many"));
        assertEquals("unknown option \"--bogus\"", message("--bogus"));
        assertEquals("--seed needs a value", message("--seed"));
        assertTrue(message("--variant", "NO_SUCH_FAULT").contains("NO_SUCH_FAULT"));
        assertNull(assertThrows(SoakOptions.UsageException.class, () -> SoakOptions.parse(new String[] {"--help"}))
                .getMessage());
    }

    private static String message(String... args) {
        return assertThrows(SoakOptions.UsageException.class, () -> SoakOptions.parse(args)).getMessage();
    }
}
