package org.bgwcheck.models.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.bgwcheck.core.variant.Fault;

/**
 * A jqwik property that is one check of the summary. Without {@link #detects()} it runs the fixed protocol and
 * must hold. With a fault it runs that fault and must be falsified: the property then passes, and the run fails
 * if the fault goes unnoticed within the budget. Either way the outcome, the time (to the first falsifying try,
 * for a fault), the tries and the seed go to {@link Summary}.
 *
 * <p>A property parameter of type {@link org.bgwcheck.core.variant.Variant} (without {@code @ForAll}) receives
 * the variant under test. Tries come from the profile; {@code -Dbgwcheck.seed=...} replays a printed seed.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(JqwikCheckHook.class)
public @interface JqwikCheck {
    /** The check's name in the summary. */
    String check();

    Summary.Mode mode();

    /** The property, in words, as the summary states it. */
    String property();

    /** Empty: the fixed protocol. One fault: that fault must falsify the property. */
    Fault[] detects() default {};

    int quickTries();

    int deepTries();
}
