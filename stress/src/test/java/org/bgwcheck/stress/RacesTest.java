package org.bgwcheck.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.lang.reflect.Field;
import java.util.stream.Stream;

import org.bgwcheck.core.variant.SpecialisingClassLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * Every jcstress test runs its race in core specialised to the test's own variant: the steps come from a
 * {@link SpecialisingClassLoader} for that variant, with their own copy of core, one fresh race per sample.
 */
class RacesTest {
    static Stream<String> tests() {
        return TestList.tests().stream().filter(t -> t.startsWith("org.bgwcheck.stress.")).sorted();
    }

    @ParameterizedTest
    @MethodSource("tests")
    void eachTestRacesInItsOwnVariantsCode(String test) throws Exception {
        Class<?> c = Class.forName(TestList.getInfo(test).binaryName());
        Object first = steps(c.getConstructor().newInstance());
        Object second = steps(c.getConstructor().newInstance());
        assertNotSame(first, second, "one race per sample");
        SpecialisingClassLoader loader = assertInstanceOf(SpecialisingClassLoader.class,
                first.getClass().getClassLoader(), test);
        assertEquals(VariantNames.of(c).name(), loader.variant().name(), test);
        assertEquals(Races.RACE_PACKAGE, first.getClass().getPackageName() + ".");
        Class<?> coreInRace = loader.loadClass("org.bgwcheck.core.postmaster.Postmaster");
        assertNotEquals(org.bgwcheck.core.postmaster.Postmaster.class, coreInRace, "core is the loader's own copy");
    }

    private static Object steps(Object state) throws ReflectiveOperationException {
        for (Class<?> k = state.getClass(); k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals("steps")) {
                    f.setAccessible(true);
                    return f.get(state);
                }
            }
        }
        throw new AssertionError(state.getClass() + " has no steps");
    }
}
