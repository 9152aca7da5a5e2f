package org.bgwcheck.stress.gate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.stress.Checks;
import org.bgwcheck.stress.VariantNames;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * One jcstress test of this module as the summary describes it: the scenario's sites and properties (its
 * {@link Checks}) and the variant its class name selects ({@link VariantNames}).
 *
 * @param name     jcstress's test name, e.g. {@code org.bgwcheck.stress.RegisterVersusScan.Fixed}
 * @param site     the ordering sites or lock rule raced, joined with {@code +}
 * @param property the properties the forbidden outcomes violate, joined with {@code +}
 * @param actors   each actor's method name and what it does
 */
record StressTest(String name, String site, Variant variant, String property, List<Actor> actors) {

    /** One actor: its method (named after the C function) and what it does. */
    record Actor(String name, String does) {
    }

    /** The tests jcstress would run for {@code regexp}, matched as jcstress matches it ({@code find}). */
    static List<StressTest> matching(String regexp) {
        Pattern pattern = Pattern.compile(regexp);
        List<StressTest> out = new ArrayList<>();
        for (String name : TestList.tests()) {
            if (pattern.matcher(name).find()) {
                out.add(describe(name));
            }
        }
        out.sort((a, b) -> a.name.compareTo(b.name));
        return out;
    }

    private static StressTest describe(String name) {
        Class<?> testClass;
        try {
            testClass = Class.forName(TestList.getInfo(name).binaryName(), false,
                    StressTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("jcstress lists " + name + " but its class is not on the class path", e);
        }
        Checks checks = testClass.getAnnotation(Checks.class);
        if (checks == null) {
            throw new IllegalStateException(name + " belongs to no scenario: its class has no @Checks");
        }
        List<String> actorNames = TestList.getInfo(name).actorNames();
        if (actorNames.size() != checks.actors().length) {
            throw new IllegalStateException(name + " has actors " + actorNames + " but its @Checks describes "
                    + checks.actors().length);
        }
        List<Actor> actors = new ArrayList<>();
        for (int i = 0; i < actorNames.size(); i++) {
            actors.add(new Actor(actorNames.get(i), checks.actors()[i]));
        }
        return new StressTest(name, String.join("+", checks.sites()), VariantNames.of(testClass),
                Arrays.stream(checks.properties()).map(Property::name).collect(Collectors.joining("+")), actors);
    }

    /** Whether a forbidden outcome of this test violates any of {@code properties}. */
    boolean breaksAny(List<Property> properties) {
        return Arrays.stream(property.split("\\+")).anyMatch(p -> properties.contains(Property.valueOf(p)));
    }

    /** The scenario and variant: {@code RegisterVersusScan.Fixed}. */
    String shortName() {
        return name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
    }
}
