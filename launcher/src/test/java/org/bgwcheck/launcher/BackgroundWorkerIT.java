package org.bgwcheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.launcher.bgworker.BgWorkerEntry;
import org.bgwcheck.launcher.bgworker.BgWorkerEntryCodec;
import org.bgwcheck.launcher.bgworker.TestWorkerLibrary;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.support.LauncherFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bgworker kind in real processes: entry points found by library and function name (the
 * internal table, or a class from the library path), run with their main argument, exit 0 when
 * they return and 1 when they fail or cannot be found.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BackgroundWorkerIT {

    private static final String EXTERNAL = TestWorkerLibrary.class.getName();

    @TempDir
    Path data;

    private record Outcome(BgWorkerEntry entry, byte[] startupData, int status, String output, String fatal) {
    }

    @Test
    void workersRunTheirEntryPointWithTheirMainArgument() throws Exception {
        List<Outcome> outcomes = List.of(
                ok(new BgWorkerEntry("noop", "postgres", "NoopWorkerMain", 0), null),
                ok(new BgWorkerEntry("echo", "postgres", "EchoArgWorkerMain", 1234567890123L),
                        "bgworker main_arg=1234567890123"),
                ok(new BgWorkerEntry("external echo", EXTERNAL, "echo_main", -77), "external main_arg=-77"),
                failed(new BgWorkerEntry("failing", "postgres", "ErrorWorkerMain", 3),
                        "background worker \"failing\" failed: java.lang.IllegalStateException: ErrorWorkerMain fails on purpose (main_arg=3)"),
                failed(new BgWorkerEntry("external failing", EXTERNAL, "failing_main", 9),
                        "background worker \"external failing\" failed: java.io.IOException: external worker gives up (main_arg=9)"),
                failed(new BgWorkerEntry("not built in", "postgres", "ParallelWorkerMain", 0),
                        "internal function \"ParallelWorkerMain\" not found"),
                failed(new BgWorkerEntry("no such function", EXTERNAL, "missing_main", 0),
                        "could not find function \"missing_main\" in library \"" + EXTERNAL + "\""),
                failed(new BgWorkerEntry("no such library", "org.example.Missing", "main", 0),
                        "could not load library \"org.example.Missing\": no such class"),
                new Outcome(null, new byte[] {1, 2, 3}, 1, null, "invalid background worker startup data: "));

        String libraryPath = System.getProperty("bgwcheck.test.pkglib");
        assertNotNull(libraryPath, "failsafe passes the test classes as the library path");
        try (LauncherFixture postmaster = LauncherFixture.start(data, libraryPath)) {
            List<LaunchedChild> children = new ArrayList<>();
            for (Outcome outcome : outcomes) {
                byte[] startup = outcome.entry() != null ? BgWorkerEntryCodec.encode(outcome.entry()) : outcome.startupData();
                children.add(postmaster.launcher().launchChild(ChildKind.BGWORKER, startup, null));
            }
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome expected = outcomes.get(i);
                LaunchedChild child = children.get(i);
                child.awaitReady(); // the worker is dispatched whatever its entry point turns out to be
                ChildExit exit = child.awaitExit();
                if (expected.status() == 0) {
                    assertEquals(0, exit.status(), exit.stderr());
                    assertEquals(expected.output() == null ? List.of() : List.of(expected.output()), workerOutput(exit));
                } else {
                    LauncherFixture.assertFatal(exit, "bgworker", expected.fatal());
                }
            }
        }
    }

    /** What the worker itself printed: everything but the launcher's ready and received reports. */
    private static List<String> workerOutput(ChildExit exit) {
        List<String> lines = new ArrayList<>(exit.otherOutput());
        for (ReportLine line : exit.reports()) {
            if (!line.tag().equals(ReportLine.READY) && !line.tag().equals(ReportLine.RECEIVED)) {
                lines.add(line.toString());
            }
        }
        return lines;
    }

    private static Outcome ok(BgWorkerEntry entry, String output) {
        return new Outcome(entry, null, 0, output, null);
    }

    private static Outcome failed(BgWorkerEntry entry, String fatal) {
        return new Outcome(entry, null, 1, null, fatal);
    }
}
