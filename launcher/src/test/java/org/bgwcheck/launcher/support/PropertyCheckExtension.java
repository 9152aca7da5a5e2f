package org.bgwcheck.launcher.support;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Records a {@link PropertyCheck} method's outcome in {@link LauncherSummary}. */
public final class PropertyCheckExtension implements BeforeTestExecutionCallback, AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PropertyCheckExtension.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NS).put("start", System.nanoTime());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        PropertyCheck check = context.getRequiredTestMethod().getAnnotation(PropertyCheck.class);
        if (check == null) {
            return;
        }
        long start = context.getStore(NS).get("start", Long.class);
        double seconds = (System.nanoTime() - start) / 1e9;
        var failure = context.getExecutionException();
        String detail = failure.map(t -> Checks.firstLines(String.valueOf(t.getMessage()), 12)).orElse(check.observed());
        LauncherSummary.record(new LauncherSummary.Entry(check.check(), check.property(), "FIXED", failure.isEmpty(),
                seconds, detail));
    }
}
