package org.bgwcheck.models.lincheck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.models.report.Profile;
import org.bgwcheck.models.report.Summary;
import org.bgwcheck.models.report.Summary.Entry;
import org.bgwcheck.models.report.Summary.Verdict;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lincheck, in stress and model-checking modes, on {@link BackgroundWorkerOperations}: the fixed protocol is
 * linearizable in the sense stated there, and each fault Lincheck can see makes it fail that check (which
 * fault in which mode: {@link #faultsAndModes()}).
 */
public class BackgroundWorkerLinearizabilityTest {
    private static final String PROPERTY = "linearizable against ReferenceModel with a quiescent postmaster (S3,"
            + " S5, S6 as the model states them; L1: each wait ends as the model's, across shutdown)";

    /** The faults whose effect a sequentially consistent execution can show. */
    public static final Fault[] DETECTABLE = {
            Fault.TERMINATE_IGNORES_GENERATION, Fault.REGISTER_KEEPS_GENERATION, Fault.STATUS_IGNORES_GENERATION,
            Fault.STATUS_IGNORES_IN_USE, Fault.REGISTER_WITHOUT_LOCK, Fault.SIGNED_COUNTER_COMPARISON,
            Fault.NO_SHUTDOWN_CLEANUP};

    enum Mode {
        STRESS(Summary.Mode.STRESS), MODEL_CHECKING(Summary.Mode.MODEL_CHECKING);

        final Summary.Mode summary;

        Mode(Summary.Mode summary) {
            this.summary = summary;
        }
    }

    /**
     * The budget, per mode and profile. Stress mode finds the sequential faults through many scenarios (so many
     * iterations, few invocations each); model checking explores the interleavings of one scenario's parallel
     * part exhaustively enough with a hundred invocations, and costs far more per invocation, so its scenarios
     * are shorter: it is there for the lock, not to reuse slots.
     */
    private record Budget(int iterations, int invocations, int threads, int actorsPerThread, int actorsBefore,
                          int actorsAfter) {
        static Budget of(Mode mode) {
            return mode == Mode.STRESS
                    ? new Budget(Profile.pick(200, 1000), Profile.pick(20, 100), 2, 3, 8, 3)
                    : new Budget(Profile.pick(10, 100), Profile.pick(50, 200), 2, 3, 2, 1);
        }

        Options<?, ?> options(Mode mode, boolean minimize) {
            Options<?, ?> o = mode == Mode.STRESS ? new StressOptions() : new ModelCheckingOptions();
            return o.iterations(iterations).invocationsPerIteration(invocations).threads(threads)
                    .actorsPerThread(actorsPerThread).actorsBefore(actorsBefore).actorsAfter(actorsAfter)
                    .executionGenerator(mode == Mode.STRESS ? QuiescentPostmasterScenarios.class
                            : QuiescentPostmasterScenarios.WithoutShutdownsAndWaits.class)
                    .addCustomScenario(QuiescentPostmasterScenarios.twoBackendsRegisterAtOnce())
                    .addCustomScenario(QuiescentPostmasterScenarios.terminateWhileTheRegistrantWaits())
                    .sequentialSpecification(BackgroundWorkerOperations.Model.class)
                    .minimizeFailedScenario(minimize);
        }

        String reproduce(Mode mode, Variant variant) {
            return (mode == Mode.STRESS ? "StressOptions" : "ModelCheckingOptions") + ".iterations(" + iterations
                    + ").invocationsPerIteration(" + invocations + ").threads(" + threads + ").actorsPerThread("
                    + actorsPerThread + ").actorsBefore(" + actorsBefore + ").actorsAfter(" + actorsAfter
                    + ") with QuiescentPostmasterScenarios" + (mode == Mode.STRESS ? "" : ".WithoutShutdownsAndWaits")
                    + " (fixed seed, twoBackendsRegisterAtOnce and terminateWhileTheRegistrantWaits first), variant "
                    + variant + ", profile " + Profile.current().name().toLowerCase(Locale.ROOT);
        }
    }

    @ParameterizedTest(name = "FIXED, {0}")
    @EnumSource(Mode.class)
    void fixedProtocolIsLinearizable(Mode mode) {
        Budget budget = Budget.of(mode);
        long start = System.nanoTime();
        try {
            check(budget.options(mode, true), Variant.FIXED);
        } catch (LincheckAssertionError e) {
            record(mode, Variant.FIXED, Verdict.FAILED, start, budget, LincheckCounterexample.of(e.getMessage()));
            throw e;
        } catch (RuntimeException | Error e) {
            record(mode, Variant.FIXED, Verdict.ERROR, start, budget, List.of());
            throw e;
        }
        record(mode, Variant.FIXED, Verdict.PASSED, start, budget, List.of());
    }

    /**
     * Every fault in stress mode; the missing lock, the one concurrency fault, in model checking too. The other
     * faults need a slot reused with a stale handle still around, which model checking's short scenarios (two
     * actors before, three per thread) do not reach: with the deep budget, TERMINATE_IGNORES_GENERATION went
     * unfound in 100 scenarios x 200 invocations (109 s). Both profiles run the same pairs; deep has the
     * larger budgets.
     */
    static Stream<Arguments> faultsAndModes() {
        return Arrays.stream(DETECTABLE).flatMap(f -> Arrays.stream(Mode.values())
                .filter(m -> m == Mode.STRESS || f == Fault.REGISTER_WITHOUT_LOCK)
                .map(m -> Arguments.of(f, m)));
    }

    /** Minimisation is off: it multiplies the time to detect, and only detection is asserted here. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("faultsAndModes")
    void faultIsDetected(Fault fault, Mode mode) {
        Budget budget = Budget.of(mode);
        Variant variant = Variant.of(fault);
        long start = System.nanoTime();
        LincheckAssertionError e;
        try {
            e = assertThrows(LincheckAssertionError.class, () -> check(budget.options(mode, false), variant));
        } catch (AssertionError notDetected) {
            record(mode, variant, Verdict.NOT_DETECTED, start, budget, List.of());
            throw notDetected;
        }
        boolean wrongResult = e.getMessage().contains("Invalid execution results");
        record(mode, variant, wrongResult ? Verdict.DETECTED : Verdict.ERROR, start, budget,
                wrongResult ? LincheckCounterexample.of(e.getMessage()) : List.of());
        System.out.println("[lincheck] " + variant + ", " + mode + ": " + e.getMessage());
        assertTrue(wrongResult, "detected through a wrong result, not a crash of the test: " + e.getMessage());
    }

    private static void check(Options<?, ?> options, Variant variant) {
        BackgroundWorkerOperations.Implementation.variant = variant;
        try {
            options.check(BackgroundWorkerOperations.Implementation.class);
        } finally {
            BackgroundWorkerOperations.Implementation.variant = Variant.FIXED;
        }
    }

    private static void record(Mode mode, Variant variant, Verdict verdict, long startNanos, Budget budget,
                               List<Summary.Step> counterexample) {
        Summary.record(new Entry("lincheck-backend-operations", Summary.Tool.LINCHECK, mode.summary,
                variant.name(), PROPERTY, verdict, (System.nanoTime() - startNanos) / 1e9, budget.iterations(),
                null, budget.reproduce(mode, variant), counterexample));
    }
}
