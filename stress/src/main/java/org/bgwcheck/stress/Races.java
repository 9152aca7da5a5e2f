package org.bgwcheck.stress;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.bgwcheck.core.variant.SpecialisingClassLoader;
import org.bgwcheck.core.variant.Variant;

/**
 * Where each test's race runs: {@code core} and the race's steps ({@code org.bgwcheck.stress.race}) loaded
 * afresh per variant class by a {@link SpecialisingClassLoader}, each variant switch folded to the variant's
 * constant. A fault's missing fence is then absent from the code C2 compiles, not skipped by a branch C2
 * keeps — and C2 moves no store across a branch it keeps, so without this the ordering faults could not be
 * seen at all.
 *
 * <p>The test classes (jcstress's, loaded by the application loader) hold each race through its nested
 * {@code Steps} interface, which only uses JDK types, so nothing of the specialised world leaks out. The
 * implementation of {@code Scenario.Steps} is {@code org.bgwcheck.stress.race.ScenarioSteps}, built with
 * the variant's name.
 */
final class Races {
    static final String RACE_PACKAGE = "org.bgwcheck.stress.race.";

    /** One loader and one constructor per variant class: jcstress builds a state per sample. */
    private static final ClassValue<MethodHandle> STEPS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> testClass) {
            Variant variant = VariantNames.of(testClass);
            ClassLoader loader =
                    SpecialisingClassLoader.specialisedTo(variant, testClass.getClassLoader(), RACE_PACKAGE);
            String steps = RACE_PACKAGE + scenario(testClass).getSimpleName() + "Steps";
            try {
                Class<?> implementation = loader.loadClass(steps);
                return MethodHandles.publicLookup()
                        .findConstructor(implementation, MethodType.methodType(void.class, String.class))
                        .bindTo(variant.name())
                        .asType(MethodType.methodType(Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no public " + steps + "(String variant) for " + testClass, e);
            }
        }
    };

    private Races() {
    }

    /** A fresh race for one sample of {@code testClass}, in the protocol specialised to its variant. */
    static <T> T start(Class<?> testClass, Class<T> steps) {
        try {
            return steps.cast(STEPS.get(testClass).invokeExact());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scenario a variant class belongs to: its outermost enclosing class. */
    private static Class<?> scenario(Class<?> testClass) {
        Class<?> c = testClass;
        while (c.getEnclosingClass() != null) {
            c = c.getEnclosingClass();
        }
        return c;
    }
}
