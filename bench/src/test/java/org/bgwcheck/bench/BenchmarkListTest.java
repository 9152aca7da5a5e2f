package org.bgwcheck.bench;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The build's only check on the benchmarks themselves: JMH generated every one. Nothing is timed. */
class BenchmarkListTest {
    private static final List<String> EXPECTED = List.of(
            "PostmasterScanBenchmark.backgroundWorkerStateChange",
            "PostmasterScanBenchmark.serverLoopStartPass",
            "PostmasterScanBenchmark.reaperWorkerExit",
            "BackendRoundTripBenchmark.roundTripOneBackend",
            "BackendRoundTripBenchmark.roundTripTwoBackends",
            "BackendRoundTripBenchmark.lockFloorOneBackend",
            "BackendRoundTripBenchmark.lockFloorTwoBackends",
            "VariantCostBenchmark.roundTripAsBuilt",
            "VariantCostBenchmark.roundTripWithoutVariants",
            "VariantCostBenchmark.backgroundWorkerStateChangeAsBuilt",
            "VariantCostBenchmark.backgroundWorkerStateChangeWithoutVariants");

    @Test
    void jmhGeneratedEveryBenchmark() throws IOException {
        String list;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList missing: the JMH annotation processor did not run");
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String benchmark : EXPECTED) {
            String generated = "org.bgwcheck.bench.jmh_generated." + benchmark.replace('.', '_') + "_jmhTest";
            assertTrue(list.contains(generated), benchmark + " was not generated");
        }
    }
}
