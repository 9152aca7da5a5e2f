package org.bgwcheck.launcher.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A jqwik property of the launcher: tries from the profile (each try may start a real child JVM, so
 * quick is kept small), the seed from {@code -Dbgwcheck.seed} when given (jqwik's own otherwise),
 * printed either way, and, if the method also has {@link PropertyCheck}, its outcome recorded in
 * {@link LauncherSummary} like a JUnit property check. See {@link JqwikBudgetHook}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(JqwikBudgetHook.class)
public @interface JqwikBudget {
    int quickTries();

    int deepTries();
}
