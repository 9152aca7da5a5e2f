package org.bgwcheck.models.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.ParameterResolutionContext;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.ResolveParameterHook;
import net.jqwik.api.lifecycle.Store;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.models.report.Summary.Entry;
import org.bgwcheck.models.report.Summary.Verdict;

/** What {@link JqwikCheck} does: hands over the variant, sets the budget, times, inverts for faults, records. */
public final class JqwikCheckHook implements AroundPropertyHook, AroundTryHook, ResolveParameterHook {
    /** Replays a seed that a run printed. */
    public static final String SEED_PROPERTY = "bgwcheck.seed";

    /** Per property: tries so far, and the nanoTime of the first falsifying try (0 until there is one). */
    private record Progress(AtomicLong tries, AtomicLong firstFalsifiedTry, AtomicLong firstFalsifiedAt) {
    }

    private static Store<Progress> progress() {
        return Store.getOrCreate(JqwikCheckHook.class, Lifespan.PROPERTY,
                () -> new Progress(new AtomicLong(), new AtomicLong(), new AtomicLong()));
    }

    private static JqwikCheck check(LifecycleContext context) {
        return context.findAnnotation(JqwikCheck.class).orElseThrow();
    }

    private static Variant variant(JqwikCheck check) {
        return check.detects().length == 0 ? Variant.FIXED : Variant.of(check.detects()[0]);
    }

    @Override
    public Optional<ParameterSupplier> resolve(ParameterResolutionContext parameter, LifecycleContext context) {
        if (!parameter.typeUsage().isOfType(Variant.class)) {
            return Optional.empty();
        }
        Variant v = variant(check(context));
        return Optional.of(tryContext -> v);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        JqwikCheck check = check(context);
        Variant variant = variant(check);
        int tries = Profile.pick(check.quickTries(), check.deepTries());
        context.attributes().setTries(tries);
        String replay = System.getProperty(SEED_PROPERTY);
        if (replay != null && !replay.isBlank()) {
            context.attributes().setSeed(replay.trim());
        }
        long start = System.nanoTime();
        PropertyExecutionResult result = property.execute();
        Progress p = progress().get();
        boolean falsified = result.status() == PropertyExecutionResult.Status.FAILED;
        long end = falsified && p.firstFalsifiedAt().get() != 0 ? p.firstFalsifiedAt().get() : System.nanoTime();
        long triesRun = falsified && p.firstFalsifiedTry().get() != 0 ? p.firstFalsifiedTry().get() : result.countTries();
        // An aborted property (e.g. every try filtered out) judged nothing: not a pass, not a miss.
        Verdict verdict = result.status() == PropertyExecutionResult.Status.ABORTED ? Verdict.ERROR
                : variant.isFixed()
                ? (falsified ? Verdict.FAILED : Verdict.PASSED)
                : (falsified ? Verdict.DETECTED : Verdict.NOT_DETECTED);
        String seed = result.seed().orElse("?");
        List<Summary.Step> counterexample = falsified
                ? result.shrunkSample().<List<Summary.Step>>map(JqwikCounterexample::of).orElse(List.of())
                : List.of();
        Summary.record(new Entry(check.check(), Summary.Tool.JQWIK, check.mode(), variant.name(), check.property(),
                verdict, (end - start) / 1e9, triesRun, seed,
                "-Dtest=" + context.containerClass().getSimpleName() + "#" + context.targetMethod().getName()
                        + " -D" + SEED_PROPERTY + "=" + seed + " (profile "
                        + Profile.current().name().toLowerCase(Locale.ROOT) + ")", counterexample));
        if (falsified) {
            System.out.println(describeFalsification(check, variant, result));
        }
        if (variant.isFixed() || result.status() == PropertyExecutionResult.Status.ABORTED) {
            return result;
        }
        return falsified ? result.mapToSuccessful()
                : result.mapToFailed(variant + " was not detected: \"" + check.property() + "\" held for "
                        + triesRun + " tries (seed " + seed + ")");
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        Progress p = progress().get();
        long n = p.tries().incrementAndGet();
        TryExecutionResult result = aTry.execute(parameters);
        if (result.isFalsified() && p.firstFalsifiedAt().get() == 0) {
            p.firstFalsifiedAt().set(System.nanoTime());
            p.firstFalsifiedTry().set(n);
        }
        return result;
    }

    /** The shrunk sample and the violated property: for a fault, the evidence that it was detected and how. */
    private static String describeFalsification(JqwikCheck check, Variant variant, PropertyExecutionResult result) {
        StringBuilder sb = new StringBuilder("[jqwik] ").append(check.check()).append(' ').append(variant)
                .append(": falsified (seed ").append(result.seed().orElse("?")).append(")\n");
        result.shrunkSample().ifPresent(s -> {
            sb.append("  shrunk sample (").append(s.countShrinkingSteps()).append(" shrinking steps):\n");
            for (Object parameter : s.parameters()) {
                sb.append("    ").append(parameter).append('\n');
            }
            s.falsifyingError().ifPresent(e -> sb.append("  because: ").append(e.getMessage()).append('\n'));
        });
        return printable(sb);
    }

    /** Corrupt strings end up in messages: bytes a terminal cannot show are written as escapes. */
    private static String printable(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(c == '\n' || (c >= 32 && c < 127) ? String.valueOf((char) c)
                : String.format(Locale.ROOT, "\\x%02x", c)));
        return out.toString();
    }
}
