package org.bgwcheck.stress;

import org.bgwcheck.core.variant.Variant;

/**
 * A scenario's variant classes are named after the variant they run: {@code Fixed} runs {@link Variant#FIXED},
 * {@code NoPublishBarrier} runs {@code Variant.of(Fault.NO_PUBLISH_BARRIER)}. The name is the only place the
 * choice is written down, so the test that jcstress reports and the protocol that ran cannot disagree; the
 * gate reads it back the same way.
 */
public final class VariantNames {
    private static final ClassValue<Variant> BY_CLASS = new ClassValue<>() {
        @Override
        protected Variant computeValue(Class<?> testClass) {
            return Variant.parse(constantName(testClass.getSimpleName()));
        }
    };

    private VariantNames() {
    }

    /** The variant a variant class runs; computed once per class, as jcstress builds a state per sample. */
    public static Variant of(Class<?> testClass) {
        return BY_CLASS.get(testClass);
    }

    /** {@code NoPublishBarrier} to {@code NO_PUBLISH_BARRIER}. */
    static String constantName(String className) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < className.length(); i++) {
            char c = className.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                sb.append('_');
            }
            sb.append(Character.toUpperCase(c));
        }
        return sb.toString();
    }
}
