package org.bgwcheck.launcher.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a whole test method as one property check for {@link LauncherSummary}: passed if the
 * test passed, with {@link #observed()} as the detail; failed with the failure's message
 * otherwise. For checks that are one step of a longer test, use {@link Checks#run}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PropertyCheckExtension.class)
public @interface PropertyCheck {
    /** C1, C2, C3, S5, L1, ... */
    String property();

    /** What is checked, in a few words. */
    String check();

    /** What the test observed when it passes. */
    String observed();
}
