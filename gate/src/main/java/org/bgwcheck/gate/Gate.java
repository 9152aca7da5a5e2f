package org.bgwcheck.gate;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bgwcheck.gate.layers.ScenarioLayer;
import org.bgwcheck.gate.layers.SummaryLayers;
import org.bgwcheck.gate.layers.SummaryReader;
import org.bgwcheck.gate.model.GateResult;
import org.bgwcheck.gate.model.LayerReport;
import org.bgwcheck.gate.render.HtmlReport;
import org.bgwcheck.gate.render.TerminalTables;
import org.bgwcheck.gate.render.VerdictJson;

/**
 * The gate's verdict step. The layers have already run (bin/gate runs {@code mvn verify} first); this reads
 * what each left behind, runs core's scenarios in-process, prints both tables, writes
 * {@code target/gate/verdict.json} and {@code target/gate/report.html}, and exits 0 only if the fixed
 * protocol passed every layer and every catalogued fault was detected by at least one.
 *
 * <p>Usage: {@code Gate [--root DIR] [--started-at EPOCH_SECONDS]}.
 */
public final class Gate {
    private Gate() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".");
        long startedAt = System.currentTimeMillis() / 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(value(args, ++i, "--root"));
                case "--started-at" -> startedAt = Long.parseLong(value(args, ++i, "--started-at"));
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        System.exit(verdictStep(root, startedAt, System.out));
    }

    /**
     * The verdict step over the project at {@code root}: reads every layer, prints the tables and the failures
     * to {@code out}, writes {@code target/gate/verdict.json} and {@code report.html}; 0 on PASS, else 1.
     */
    static int verdictStep(Path root, long startedAt, PrintStream out) throws Exception {
        GateResult result = collect(root, startedAt);
        TerminalTables.print(result, out);

        Path dir = root.resolve("target/gate");
        Files.createDirectories(dir);
        VerdictJson.write(result, dir.resolve("verdict.json"));
        HtmlReport.write(result, dir.resolve("report.html"));
        out.println();
        out.println("wrote " + dir.resolve("verdict.json") + " and " + dir.resolve("report.html"));
        List<String> failures = result.failures();
        if (failures.isEmpty()) {
            out.println("gate: PASS");
        } else {
            out.println("gate: FAIL");
            failures.forEach(f -> out.println("  - " + f));
        }
        return failures.isEmpty() ? 0 : 1;
    }

    /** Core's scenarios, run here, and what every layer in the build left behind. */
    private static GateResult collect(Path root, long startedAt) throws Exception {
        List<LayerReport> layers = new ArrayList<>();
        System.err.println("[gate] core scenarios (in-process)...");
        layers.add(ScenarioLayer.run(root));
        List<String> built = reactorModules(root);
        for (SummaryReader reader : SummaryLayers.readers()) {
            if (built.contains(reader.module())) {
                System.err.println("[gate] reading " + reader.layer().id() + " results from " + reader.module() + "/");
                layers.add(reader.read(root));
            }
        }
        return new GateResult(layers, System.currentTimeMillis() / 1000.0 - startedAt);
    }

    /** The modules the root pom builds: a layer counts only once its module is part of the build. */
    private static List<String> reactorModules(Path root) throws java.io.IOException {
        List<String> modules = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            usage(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("gate: " + problem);
        System.err.println("usage: Gate [--root DIR] [--started-at EPOCH_SECONDS]");
        System.exit(2);
    }
}
