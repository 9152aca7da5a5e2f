package org.bgwcheck.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Variant;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What selecting the fixed protocol through {@link Variant} costs, against a build with no variant
 * mechanism.
 *
 * <p>The mechanism is this: the protocol classes read {@code variant.has(fault)} once, into {@code final}
 * instance fields, and test those fields on the hot paths. A build without it would have the same code with
 * each test replaced by its constant. HotSpot does not treat instance finals as constants, so
 * {@code *FinalFields} times the code as it runs everywhere. {@code *Folded} times the very same code, on
 * the very same objects, in a JVM told to trust instance finals ({@code -XX:+TrustFinalNonStaticFields}):
 * the protocol objects are held in {@code static final} fields, so once C2 inlines from there every flag
 * test folds to its constant and its branch disappears - the no-mechanism build, produced by the JIT
 * instead of by a copy of the source. Both forks force-inline core's methods so the constant reaches every
 * test; that is the only other flag, and both have it.
 *
 * <p>The folded build also folds core's other final fields (slot memory, lock, list references, and with
 * them the type checks of interface calls), so it is at least as fast as a real no-mechanism build: a
 * ratio of 1 within the error is a conservative "costs nothing measurable"; a ratio above 1 bounds the
 * variant cost from above. To apportion such a bound, {@code scanLoopWith[out]FlagTest} time the flag
 * test alone ({@link FlagPattern}): the same loop with and without the test, nothing else different.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Everything force-inlined makes one very large method: C2 needs ~10 s of a loaded machine to settle it.
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class VariantCostBenchmark {
    private static final String HEAP_MIN = "-Xms1g";
    private static final String HEAP_MAX = "-Xmx1g";
    private static final String QUIET = "-XX:CompileCommand=quiet";
    /** Inline core's methods into the benchmark, so the constant receiver reaches every flag test. */
    private static final String INLINE_CORE = "-XX:CompileCommand=inline,org/bgwcheck/core/*.*";
    private static final String INLINE_ROUND_TRIP = "-XX:CompileCommand=inline,org/bgwcheck/bench/RoundTripCluster.roundTrip";
    private static final String INLINE_SCAN = "-XX:CompileCommand=inline,org/bgwcheck/bench/SteadyCluster.backgroundWorkerStateChange";
    private static final String UNLOCK = "-XX:+UnlockExperimentalVMOptions";
    private static final String TRUST_FINALS = "-XX:+TrustFinalNonStaticFields";

    /** The protocol objects as JIT constants; built on first use, in the setup. */
    static final class Protocol {
        static final RoundTripCluster ROUND_TRIP = new RoundTripCluster(SlotMemoryKind.OBJECT_FIELDS, Variant.FIXED);
        static final SteadyCluster SCAN =
                SteadyCluster.build(SlotMemoryKind.OBJECT_FIELDS, 512, 50, WorkerLookup.SLOT_INDEX, Variant.FIXED);
    }

    /** The pattern alone; a state field, so the flag's holder is no constant (as in the protocol). */
    @State(Scope.Benchmark)
    public static class Pattern {
        final FlagPattern pattern = new FlagPattern(true);
    }

    /** Fails the trial if a command-line JVM option replaced the fork's flags: that would compare nothing. */
    @State(Scope.Benchmark)
    public static class Jvm {
        @Setup(Level.Trial)
        public void check(BenchmarkParams params) {
            boolean wantsFolded = params.getBenchmark().endsWith("Folded");
            boolean trusts = ManagementFactory.getRuntimeMXBean().getInputArguments().contains(TRUST_FINALS);
            if (wantsFolded != trusts) {
                throw new IllegalStateException(params.getBenchmark() + " needs " + TRUST_FINALS + " to be "
                        + (wantsFolded ? "on" : "off") + "; do not override the fork's JVM options (-jvmArgs*)");
            }
            Protocol.SCAN.check();
        }
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {HEAP_MIN, HEAP_MAX, QUIET, INLINE_CORE, INLINE_ROUND_TRIP, INLINE_SCAN})
    public WorkerStatus roundTripFinalFields(Jvm jvm) {
        return Protocol.ROUND_TRIP.roundTrip();
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {HEAP_MIN, HEAP_MAX, QUIET, INLINE_CORE, INLINE_ROUND_TRIP, INLINE_SCAN, UNLOCK, TRUST_FINALS})
    public WorkerStatus roundTripFolded(Jvm jvm) {
        return Protocol.ROUND_TRIP.roundTrip();
    }

    /** The pattern with its flag test, in the JVM as everyone runs it; see {@link FlagPattern}. */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {HEAP_MIN, HEAP_MAX})
    public int scanLoopWithFlagTest(Jvm jvm, Pattern p) {
        return p.pattern.scanWithFlagTest();
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {HEAP_MIN, HEAP_MAX})
    public int scanLoopWithoutFlagTest(Jvm jvm, Pattern p) {
        return p.pattern.scanWithoutFlagTest();
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {HEAP_MIN, HEAP_MAX, QUIET, INLINE_CORE, INLINE_ROUND_TRIP, INLINE_SCAN})
    public void backgroundWorkerStateChangeFinalFields(Jvm jvm) {
        Protocol.SCAN.backgroundWorkerStateChange();
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {HEAP_MIN, HEAP_MAX, QUIET, INLINE_CORE, INLINE_ROUND_TRIP, INLINE_SCAN, UNLOCK, TRUST_FINALS})
    public void backgroundWorkerStateChangeFolded(Jvm jvm) {
        Protocol.SCAN.backgroundWorkerStateChange();
    }
}
