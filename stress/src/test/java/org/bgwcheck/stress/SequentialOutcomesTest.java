package org.bgwcheck.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.StateCase;
import org.openjdk.jcstress.infra.results.L_Result;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * Each jcstress test without concurrency: its two actors one after the other, in both orders, then its
 * arbiter, graded by the test's own {@code @Outcome}s. With no overlap no fence can be missed, so every test
 * must give a declared, acceptable outcome, except the generation faults: they break S3 as soon as the slot
 * is reused before the old handle is used, which is why jcstress catches them in every mode.
 */
class SequentialOutcomesTest {
    private static final String PACKAGE = "org.bgwcheck.stress.";
    private static final Set<String> GENERATION_FAULTS = Set.of(
            PACKAGE + "StaleStatusVersusRegister.RegisterKeepsGeneration",
            PACKAGE + "StaleStatusVersusRegister.StatusIgnoresGeneration",
            PACKAGE + "StaleTerminateVersusRegister.TerminateIgnoresGeneration",
            PACKAGE + "StaleTerminateVersusRegister.RegisterKeepsGeneration");

    static Stream<String> withoutGenerationFaults() {
        return TestList.tests().stream().filter(t -> t.startsWith(PACKAGE) && !GENERATION_FAULTS.contains(t)).sorted();
    }

    static Stream<String> generationFaults() {
        return GENERATION_FAULTS.stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("withoutGenerationFaults")
    void oneAfterTheOtherIsAcceptableInEitherOrder(String test) throws Exception {
        for (boolean reversed : new boolean[] {false, true}) {
            String outcome = runSequentially(test, reversed);
            assertEquals(Expect.ACCEPTABLE, declaredGrade(test, outcome),
                    test + (reversed ? ", second actor first," : "") + " gave \"" + outcome + "\"");
        }
    }

    @ParameterizedTest
    @MethodSource("generationFaults")
    void generationFaultsBreakS3OnceTheSlotIsReused(String test) throws Exception {
        // The registering backend is the second actor of these tests: reversed, it goes first.
        String outcome = runSequentially(test, true);
        assertEquals(Expect.FORBIDDEN, declaredGrade(test, outcome), test + " gave \"" + outcome + "\"");
    }

    private static String runSequentially(String test, boolean reversed) throws Exception {
        Class<?> c = Class.forName(TestList.getInfo(test).binaryName());
        List<Method> actors = new ArrayList<>();
        for (String actor : TestList.getInfo(test).actorNames()) {
            actors.add(c.getMethod(actor));
        }
        assertEquals(2, actors.size(), test + " has two actors: jcstress can schedule no more on two CPUs");
        if (reversed) {
            Collections.reverse(actors);
        }
        Object state = c.getConstructor().newInstance();
        for (Method actor : actors) {
            actor.invoke(state);
        }
        Method arbiter = Stream.of(c.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Arbiter.class))
                .findFirst().orElse(null);
        assertNotNull(arbiter, test + " has an arbiter");
        L_Result r = new L_Result();
        arbiter.invoke(state, r);
        return r.toString();
    }

    /** The grade of the first declared {@code @Outcome} matching, or UNKNOWN for the catch-all. */
    private static Expect declaredGrade(String test, String outcome) {
        for (StateCase c : TestList.getInfo(test).cases()) {
            if (c.matches(outcome)) {
                return c.expect();
            }
        }
        return Expect.UNKNOWN;
    }
}
