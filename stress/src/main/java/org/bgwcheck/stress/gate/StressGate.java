package org.bgwcheck.stress.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.bgwcheck.core.shmem.SlotMemoryKind;

/**
 * Runs this module's jcstress tests for one plan, writes {@code stress-summary.json} and decides the build.
 *
 * <p>The build fails when the fixed protocol shows any forbidden outcome, when any test errs or leaves no
 * result, or when the test filter matches nothing. Fault variants never fail it: their counts are the
 * measurement, and the gate that reads the summary judges them.
 *
 * <pre>
 * StressGate --plan=quick|deep|measure [--mode=ci|hunt|quick|default] [--fault-hunt=quick|deep] [--repeat=N]
 *            [--tests=REGEXP] [--backing=OBJECT_FIELDS|DIRECT_BUFFER] --summary=FILE --work=DIR [--jdk=JAVA_HOME]
 *            [--jdk25=JAVA_HOME]
 * </pre>
 * {@code --mode} replaces the plan's own jcstress settings (ci, default and ci respectively); empty keeps
 * them. {@code --fault-hunt=deep} stops the quick plan's quick-mode hunt of the release faults ({@link
 * Plan.FaultHunt}). {@code --jdk} runs jcstress on another JDK than the gate's; the deep plan adds {@code --jdk25}.
 */
public final class StressGate {
    private static final String ALL_TESTS = "^org\\.bgwcheck\\.stress\\.";
    private static final String TEMURIN_25 = "/usr/lib/jvm/temurin-25-jdk-amd64";

    private StressGate() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> opt = options(args);
        Plan plan = Plan.valueOf(opt.getOrDefault("plan", "quick").toUpperCase(Locale.ROOT));
        String mode = opt.getOrDefault("mode", "");
        Settings settings = mode.isEmpty() ? plan.settings() : Settings.valueOf(mode.toUpperCase(Locale.ROOT));
        int repeat = Integer.parseInt(opt.getOrDefault("repeat", "1"));
        String filter = opt.getOrDefault("tests", ALL_TESTS);
        Path summary = Path.of(opt.getOrDefault("summary", "stress-summary.json"));
        Path work = Path.of(opt.getOrDefault("work", "jcstress"));

        List<StressTest> tests = StressTest.matching(filter);
        if (tests.isEmpty()) {
            fail("--tests=" + filter + " matches no jcstress test: nothing would run");
        }
        String jdkHome = opt.getOrDefault("jdk", "");
        Jdk jdk = jdkHome.isEmpty() ? Jdk.current()
                : Jdk.at(Path.of(jdkHome)).orElseThrow(() -> new IllegalArgumentException("no JDK at " + jdkHome));
        String backing = opt.getOrDefault("backing", "");
        Set<SlotMemoryKind> backings = backing.isEmpty()
                ? EnumSet.of(SlotMemoryKind.OBJECT_FIELDS, SlotMemoryKind.DIRECT_BUFFER)
                : EnumSet.of(SlotMemoryKind.valueOf(backing.toUpperCase(Locale.ROOT)));
        String hunt = opt.getOrDefault("fault-hunt", "");
        Plan.FaultHunt faultHunt = hunt.isEmpty() ? Plan.FaultHunt.QUICK
                : Plan.FaultHunt.valueOf(hunt.toUpperCase(Locale.ROOT));
        List<StressRun> runs = plan.runs(tests, repeat, settings, faultHunt, jdk,
                Path.of(opt.getOrDefault("jdk25", TEMURIN_25)), backings);
        // Every planned row is in the summary from the start, MISSING until its run reports it: a plan that stops
        // early (a crash, a kill, a timeout) leaves its measurements and, for the rest, rows that fail the gate.
        List<SummaryRow> rows = new ArrayList<>();
        for (StressRun run : runs) {
            run.tests().forEach(t -> rows.add(SummaryRow.missing(t, run, new double[] {Double.NaN, Double.NaN})));
        }
        writeSummary(summary, rows);
        int row = 0;
        for (int i = 0; i < runs.size(); i++) {
            StressRun run = runs.get(i);
            Path dir = work.resolve(String.format(Locale.ROOT, "%02d-%s-%s-jdk%d", i + 1, run.settings().label(),
                    run.backing().name().toLowerCase(Locale.ROOT), run.jdk().feature()));
            System.out.printf("stress: run %d/%d (%s) in %s%n", i + 1, runs.size(), run.label(), dir);
            JcstressProcess.Output out = JcstressProcess.run(run, dir);
            double[] load = {out.loadBefore(), out.loadAfter()};
            for (StressTest t : run.tests()) {
                Tally tally = out.tallies().get(t.name());
                rows.set(row++, tally == null ? SummaryRow.missing(t, run, load)
                        : SummaryRow.of(t, run, tally, out.clock().seconds(t.name()), load));
            }
            System.out.printf("stress: run %d/%d took %.0f s (load average %.2f before, %.2f after)%n", i + 1,
                    runs.size(), out.seconds(), out.loadBefore(), out.loadAfter());
            writeSummary(summary, rows); // after every run, so an interrupted plan still leaves its measurements
        }
        DetectionTable.markdown(rows).forEach(System.out::println);
        System.out.println("stress: summary in " + summary.toAbsolutePath());
        List<String> problems = problems(rows);
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    /**
     * Why the build must fail, if it must: the fixed protocol broke, a variant broke a property its fault does not
     * (the test shows a defect of the code, not the fault), or a measurement is void.
     */
    static List<String> problems(List<SummaryRow> rows) {
        List<String> problems = new ArrayList<>();
        for (SummaryRow r : rows) {
            String where = r.test().name() + " on " + r.backing() + " (" + r.mode() + ", " + r.jdk() + ")";
            if (!r.valid()) {
                problems.add(where + ": jcstress status " + r.status() + " with " + r.samples()
                        + " samples; see its jcstress.log");
            } else if (r.test().variant().isFixed() && r.detected()) {
                problems.add(where + ": the FIXED protocol showed " + r.forbidden() + " forbidden outcomes in "
                        + r.samples() + " samples");
            } else if (r.detected() && !r.test().breaksAny(r.test().variant().fault().breaks())) {
                problems.add(where + ": " + r.forbidden() + " forbidden outcomes of " + r.test().property() + ", which "
                        + r.test().variant() + " does not break: a finding about the code, not a detection");
            }
        }
        return problems;
    }

    private static void writeSummary(Path file, List<SummaryRow> rows) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, rows.stream().map(r -> "  " + r.toJson())
                .collect(Collectors.joining(",\n", "[\n", "\n]\n")));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                fail("unexpected argument '" + a + "'; usage: --plan=quick|deep|measure"
                        + " [--mode=ci|hunt|quick|default] [--fault-hunt=quick|deep]"
                        + " [--repeat=N] [--tests=REGEXP] [--backing=OBJECT_FIELDS|DIRECT_BUFFER] --summary=FILE"
                        + " --work=DIR [--jdk=JAVA_HOME] [--jdk25=JAVA_HOME]");
            }
            opt.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return opt;
    }

    private static void fail(String why) {
        System.err.println("stress: FAILED\n" + why);
        System.exit(1);
    }
}
