package org.bgwcheck.launcher.support;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/** What {@link JqwikBudget} does around one property. */
public final class JqwikBudgetHook implements AroundPropertyHook {

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        JqwikBudget budget = context.findAnnotation(JqwikBudget.class).orElseThrow();
        int tries = TestProfile.deep() ? budget.deepTries() : budget.quickTries();
        context.attributes().setTries(tries);
        String replay = System.getProperty("bgwcheck.seed");
        if (replay != null && !replay.isBlank()) {
            context.attributes().setSeed(replay.trim());
        }
        long start = System.nanoTime();
        PropertyExecutionResult result = property.execute();
        double seconds = (System.nanoTime() - start) / 1e9;
        String seed = result.seed().orElse("?");
        boolean passed = result.status() == PropertyExecutionResult.Status.SUCCESSFUL;
        System.out.println(context.label() + ": " + result.status() + " after " + result.countTries() + " tries, seed=" + seed
                + " (replay with -Dbgwcheck.seed=" + seed + ")");
        context.findAnnotation(PropertyCheck.class).ifPresent(check -> {
            String detail = passed
                    ? check.observed() + " (" + result.countTries() + " tries, seed " + seed + ")"
                    : Checks.firstLines(result.throwable().map(t -> String.valueOf(t.getMessage())).orElse("failed"), 12)
                            + " (seed " + seed + ")";
            LauncherSummary.record(new LauncherSummary.Entry(check.check(), check.property(), "FIXED", passed, seconds,
                    detail));
            System.out.println("[" + check.property() + "] " + (passed ? "PASS " : "FAIL ") + check.check() + ": " + detail);
        });
        return result;
    }
}
