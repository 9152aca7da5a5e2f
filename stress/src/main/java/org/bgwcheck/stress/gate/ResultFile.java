package org.bgwcheck.stress.gate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.ReportUtils;
import org.openjdk.jcstress.infra.runners.TestConfig;

/**
 * jcstress's own result file ({@code jcstress-results-*.bin.gz}), read with jcstress's own reader and graded
 * with its own grading, so the gate counts exactly what jcstress's reports show.
 */
final class ResultFile {
    private ResultFile() {
    }

    static Map<String, Tally> read(Path file) throws IOException {
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(file.toString(), collector);
        try {
            reader.dump();
        } catch (ClassNotFoundException e) {
            throw new IOException("jcstress result file " + file + " holds a class this gate does not know", e);
        } finally {
            reader.close();
        }
        // One result per forked JVM; its configuration, compared without the fork number, is its JVM setup.
        Map<String, Integer> forks = new HashMap<>();
        Map<String, Set<TestConfig>> setups = new HashMap<>();
        for (TestResult r : collector.getTestResults()) {
            forks.merge(r.getName(), 1, Integer::sum);
            setups.computeIfAbsent(r.getName(), n -> new HashSet<>()).add(r.getConfig());
        }
        Map<String, Tally> byTest = new HashMap<>();
        for (TestResult merged : ReportUtils.mergedByName(collector.getTestResults())) {
            long forbidden = 0;
            List<Tally.ForbiddenOutcome> seen = new ArrayList<>();
            for (GradingResult g : merged.grading().gradingResults.values()) {
                if (g.expect == Expect.FORBIDDEN && g.count > 0) {
                    forbidden += g.count;
                    seen.add(new Tally.ForbiddenOutcome(g.id, g.count, g.description));
                }
            }
            byTest.put(merged.getName(), new Tally(forks.getOrDefault(merged.getName(), 0),
                    setups.getOrDefault(merged.getName(), Set.of()).size(), merged.getTotalCount(), forbidden, merged.status().name(),
                    jdk(merged), seen));
        }
        return byTest;
    }

    private static String jdk(TestResult r) {
        if (r.getEnv() == null) {
            return "unknown";
        }
        Map<String, String> env = r.getEnv().entries();
        return env.get("java.version") + " (" + env.get("java.vm.vendor") + ")";
    }
}
