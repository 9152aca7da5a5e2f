package org.bgwcheck.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What selecting the fixed protocol through {@link org.bgwcheck.core.variant.Variant} costs, against a build
 * with no variant mechanism.
 *
 * <p>The mechanism: core's protocol classes read {@code variant.has(fault)} once, into {@code final}
 * instance fields marked {@link org.bgwcheck.core.variant.VariantSwitch}, and test those fields on the paths
 * they switch. HotSpot does not treat instance finals as constants, so every test is a load and a branch. A
 * build without the mechanism would be the same code with each test replaced by its constant. core's
 * {@link org.bgwcheck.core.variant.SpecialisingClassLoader} makes exactly that build from core's own class
 * files - every switch read replaced by its FIXED value, nothing else touched - so {@code *AsBuilt} and
 * {@code *WithoutVariants} run the same code, loaded the same way, in JVMs started the same way; they differ
 * only in the switch reads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// The round trip inlines into one large method, which C2 takes seconds to settle on a loaded machine.
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class VariantCostBenchmark {
    /** Core as built: the loader copies the class files with every switch read kept. */
    @State(Scope.Benchmark)
    public static class AsBuilt {
        Supplier<Object> roundTrip;
        Supplier<Object> stateChange;

        @Setup(Level.Trial)
        public void load() {
            roundTrip = ProtocolOperations.load("roundTrip", false);
            stateChange = ProtocolOperations.load("backgroundWorkerStateChange", false);
        }
    }

    /** Core with every variant switch read replaced by its FIXED value. */
    @State(Scope.Benchmark)
    public static class WithoutVariants {
        Supplier<Object> roundTrip;
        Supplier<Object> stateChange;

        @Setup(Level.Trial)
        public void load() {
            roundTrip = ProtocolOperations.load("roundTrip", true);
            stateChange = ProtocolOperations.load("backgroundWorkerStateChange", true);
        }
    }

    @Benchmark
    public Object roundTripAsBuilt(AsBuilt core) {
        return core.roundTrip.get();
    }

    @Benchmark
    public Object roundTripWithoutVariants(WithoutVariants core) {
        return core.roundTrip.get();
    }

    @Benchmark
    public Object backgroundWorkerStateChangeAsBuilt(AsBuilt core) {
        return core.stateChange.get();
    }

    @Benchmark
    public Object backgroundWorkerStateChangeWithoutVariants(WithoutVariants core) {
        return core.stateChange.get();
    }
}
