package org.bgwcheck.stress;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.bgwcheck.core.variant.Property;

/**
 * What a scenario races, what its actors do and which properties its forbidden outcomes violate; the gate
 * copies these into the summary next to each of the scenario's variants.
 */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Checks {
    /** The {@link org.bgwcheck.core.shmem.OrderingSite} names, or the lock rule, that the actors race on. */
    String[] sites();

    /** The properties whose violations the scenario's forbidden outcomes are. */
    Property[] properties();

    /** What each actor does, in the order the variant classes declare them. */
    String[] actors();
}
