package org.bgwcheck.core.variant;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a protocol class's {@code private final boolean} through which a {@link Variant} picks a path: the
 * constructor sets it from the variant, the hot paths test it. The field holds {@link #fixed()} in the fixed
 * protocol and the opposite in every variant that has {@link #fault()}.
 *
 * <p>Declaring this at the field is what lets {@link SpecialisingClassLoader} load the protocol with each such
 * read replaced by its constant: C2 cannot fold a {@code final} instance field, so without that every fault
 * variant keeps the fixed path's branch, and C2 moves no store across it — the very reorderings a missing
 * fence should allow would never be compiled. {@code VariantSwitchTest} checks every such field is marked,
 * private (so only its own class reads it), and set as marked under every variant.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface VariantSwitch {
    /** The deviation that flips the field. */
    Fault fault();

    /** The field's value in the fixed protocol. */
    boolean fixed();
}
