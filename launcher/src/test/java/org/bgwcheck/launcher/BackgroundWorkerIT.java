package org.bgwcheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerCodec;
import org.bgwcheck.launcher.bgworker.TestWorkerLibrary;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.support.LauncherFixture;
import org.bgwcheck.launcher.support.PropertyCheck;
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

    private record Outcome(BackgroundWorker entry, byte[] startupData, int status, String output, String fatal) {
    }

    @Test
    @PropertyCheck(property = "C1", check = "a background worker's registration (core's BackgroundWorker image) arrives and runs its entry point",
            observed = "built-in and external entry points ran with their main argument; failures and unknown functions or libraries exited 1 with the right FATAL line")
    void workersRunTheirEntryPointWithTheirMainArgument() throws Exception {
        List<Outcome> outcomes = List.of(
                ok(entry("noop", "postgres", "NoopWorkerMain", 0), null),
                ok(entry("echo", "postgres", "EchoArgWorkerMain", 1234567890123L),
                        "bgworker main_arg=1234567890123"),
                ok(entry("external echo", EXTERNAL, "echo_main", -77), "external main_arg=-77"),
                failed(entry("failing", "postgres", "ErrorWorkerMain", 3),
                        "background worker \"failing\" failed: java.lang.IllegalStateException: ErrorWorkerMain fails on purpose (main_arg=3)"),
                failed(entry("external failing", EXTERNAL, "failing_main", 9),
                        "background worker \"external failing\" failed: java.io.IOException: external worker gives up (main_arg=9)"),
                failed(entry("not built in", "postgres", "ParallelWorkerMain", 0),
                        "internal function \"ParallelWorkerMain\" not found"),
                failed(entry("no such function", EXTERNAL, "missing_main", 0),
                        "could not find function \"missing_main\" in library \"" + EXTERNAL + "\""),
                failed(entry("no such library", "org.example.Missing", "main", 0),
                        "could not load library \"org.example.Missing\": no such class"),
                new Outcome(null, new byte[] {1, 2, 3}, 1, null, "invalid background worker startup data: "));

        String libraryPath = System.getProperty("bgwcheck.test.pkglib");
        assertNotNull(libraryPath, "failsafe passes the test classes as the library path");
        try (LauncherFixture postmaster = LauncherFixture.start(data, libraryPath)) {
            List<LaunchedChild> children = new ArrayList<>();
            for (Outcome outcome : outcomes) {
                byte[] startup = outcome.entry() != null ? BackgroundWorkerCodec.encode(outcome.entry()) : outcome.startupData();
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

    /** A registration as core encodes it: name, library, function, main argument; the rest default. */
    private static BackgroundWorker entry(String name, String library, String function, long mainArg) {
        return BackgroundWorker.named(name).withEntryPoint(library, function).withMainArg(mainArg);
    }

    private static Outcome ok(BackgroundWorker entry, String output) {
        return new Outcome(entry, null, 0, output, null);
    }

    private static Outcome failed(BackgroundWorker entry, String fatal) {
        return new Outcome(entry, null, 1, null, fatal);
    }
}
