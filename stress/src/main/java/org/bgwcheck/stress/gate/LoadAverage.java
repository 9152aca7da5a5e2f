package org.bgwcheck.stress.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's one-minute load average ({@code /proc/loadavg}), read before and after each jcstress run and
 * kept with its measurements: the machine is shared, and a detection rate or a wall time means little
 * without the load it was taken under. NaN where there is no {@code /proc}.
 */
final class LoadAverage {
    private LoadAverage() {
    }

    static double now() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Double.parseDouble(fields[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
