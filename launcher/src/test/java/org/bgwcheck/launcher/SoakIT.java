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
 * S3, S5, S6, S4 (mirror), L1, L3, S7, C1 and C2 (nothing left behind) entries for the gate, and one entry
 * that names no property for every other way the run can fail, so that no violation is missing from the
 * summary. The data directory
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
        List<Named> named = List.of(
                new Named("S3", Set.of("S3"), "the soak: a handle never answers with, or terminates, a worker of another"
                        + " registration of its slot", figures + "; " + result.s3Checks() + " STARTED answers and worker"
                        + " terminations judged"),
                new Named("S5", Set.of("S5"), "the soak: register - terminate = live parallel registrations at every"
                        + " quiescent point and after every crash-restart", figures),
                new Named("S6", Set.of("S6"), "the soak: total_slots = max_worker_processes; a full array refuses"
                        + " cleanly", figures),
                new Named("S4", Set.of("S2", "S4"), "the soak: shared memory matches the postmaster's private list at"
                        + " every quiescent point", figures),
                new Named("L1", Set.of("L1"), "the soak: every waiting backend gets its answer within its budget, and"
                        + " every shutdown ends", figures),
                new Named("L3", Set.of("L3"), "the soak: the postmaster signals no pid that is none of its processes",
                        figures),
                new Named("S7", Set.of("S7"), "the soak: the postmaster never exits on its own", figures),
                new Named("C1", Set.of("C1"), "the soak: every child receives exactly its startup data", figures),
                new Named("C2", Set.of("leak"), "the soak: no process, parameter file or shared-memory file left behind"
                        + " after any shutdown", figures + "; left behind: " + result.leaks()));
        List<Executable> entries = new ArrayList<>();
        named.forEach(n -> entries.add(entry(result, n)));
        entries.add(rest(result, named, figures));
        assertAll(entries);
        assertTrue(result.passed(), "the soak failed; replay with -Dbgwcheck.seed=" + seed + "\n" + result.report());
        assertEquals(0, result.leaks().total());
    }

    /**
     * A summary entry of one property: {@code findings} are the soak's names for its violations (a leak is
     * C2's), and the entry fails if the run's first violation is one of them.
     */
    private record Named(String property, Set<String> findings, String check, String detail) {
    }

    /**
     * One summary entry: it fails if the soak's first violation is of one of its findings. A run stops at its
     * first violation, so an entry that passes after another property failed says so.
     */
    private static Executable entry(Soak.Result result, Named n) {
        return () -> Checks.run(n.property(), n.check(), () -> {
            Finding first = result.firstViolation();
            if (first != null && n.findings().contains(first.property())) {
                throw new AssertionError(first + "\n" + result.violationContext());
            }
            if (n.property().equals("C2") && result.leaks().total() > 0) {
                throw new AssertionError("left behind: " + result.leaks());
            }
            return n.detail() + (first == null ? "" : " (the run stopped early at another violation: " + first + ")");
        });
    }

    /**
     * The entry that names no property: a first violation no other entry records (the time limit, a refused
     * command, a stray signal, a failed postmaster check), or a run that did no work, fails it. With it, no way
     * the soak can fail is missing from the summary.
     */
    private static Executable rest(Soak.Result result, List<Named> named, String figures) {
        return () -> Checks.run("", "the soak: ran to its end, did work, and saw no failure the entries of its"
                + " properties do not record", () -> {
            Finding first = result.firstViolation();
            if (first != null && named.stream().noneMatch(n -> n.findings().contains(first.property()))) {
                throw new AssertionError(first + "\n" + result.violationContext());
            }
            if (result.quiescentPoints() == 0 || result.workerLaunches() == 0) {
                throw new AssertionError("the soak did no work: " + figures);
            }
            return figures;
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
