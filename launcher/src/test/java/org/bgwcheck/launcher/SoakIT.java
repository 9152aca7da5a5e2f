package org.bgwcheck.launcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.bgwcheck.launcher.soak.Finding;
import org.bgwcheck.launcher.soak.Soak;
import org.bgwcheck.launcher.soak.SoakOptions;
import org.bgwcheck.launcher.support.Checks;
import org.bgwcheck.launcher.support.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The short soak in {@code mvn verify} (quick: 55 s of load; deep: 5 minutes): {@code bin/soak}'s
 * run in the test JVM, with a higher restart rate than the default so that smart and fast
 * shutdowns with fresh starts happen within the short time. Its findings become the launcher's
 * S3, S5, S6, S4 (mirror) and C2 (nothing left behind) entries for the gate. The data directory
 * with every incarnation's timeline is kept in {@code target/launcher-it/soak}.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SoakIT {

    @Test
    void aShortSoakHoldsEveryInvariantAndLeavesNothingBehind() throws Exception {
        long seed = TestProfile.seed("aShortSoakHoldsEveryInvariantAndLeavesNothingBehind");
        Path data = Path.of(System.getProperty("bgwcheck.it.logs", "target/launcher-it"), "soak").toAbsolutePath();
        deleteTree(data);
        SoakOptions options = SoakOptions.defaults(seed).withDuration(TestProfile.deep() ? 300 : 55)
                .withRestartRate(0.12).withDataDirectory(data);
        Soak.Result result = Soak.run(options, System.out);

        String figures = String.format(Locale.ROOT, "%.1f s, seed %d: %d operations, %d worker launches, %d crash-restarts,"
                        + " %d smart and %d fast shutdowns, %d quiescent points", result.seconds(), seed, result.operations(),
                result.workerLaunches(), result.crashRestarts(), result.smartShutdowns(), result.fastShutdowns(),
                result.quiescentPoints());
        List<Executable> entries = new ArrayList<>();
        entries.add(entry(result, "S3", Set.of("S3"), "the soak: a handle never answers with, or terminates, a worker of"
                + " another registration of its slot", figures + "; " + result.s3Checks() + " STARTED answers and worker"
                + " terminations judged"));
        entries.add(entry(result, "S5", Set.of("S5"), "the soak: register - terminate = live parallel registrations at every"
                + " quiescent point and after every crash-restart", figures));
        entries.add(entry(result, "S6", Set.of("S6"), "the soak: total_slots = max_worker_processes; a full array refuses"
                + " cleanly", figures));
        entries.add(entry(result, "S4", Set.of("S2", "S4"), "the soak: shared memory matches the postmaster's private list"
                + " at every quiescent point", figures));
        entries.add(entry(result, "C2", Set.of("leak"), "the soak: no process, parameter file or shared-memory file left"
                + " behind after any shutdown", figures + "; left behind: " + result.leaks()));
        assertAll(entries);
        assertTrue(result.passed(), "the soak failed; replay with -Dbgwcheck.seed=" + seed + "\n" + result.report());
        assertTrue(result.quiescentPoints() > 0 && result.workerLaunches() > 0, "the soak did no work: " + figures);
        assertEquals(0, result.leaks().total());
    }

    /**
     * One summary entry: it fails if the soak's first violation is of one of these properties. A run
     * stops at its first violation, so an entry that passes after another property failed says so.
     */
    private static Executable entry(Soak.Result result, String property, Set<String> properties, String check,
                                    String detail) {
        return () -> Checks.run(property, check, () -> {
            Finding first = result.firstViolation();
            if (first != null && properties.contains(first.property())) {
                throw new AssertionError(first + "\n" + result.violationContext());
            }
            if (property.equals("C2") && result.leaks().total() > 0) {
                throw new AssertionError("left behind: " + result.leaks());
            }
            return detail + (first == null ? "" : " (the run stopped early at another violation: " + first + ")");
        });
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
