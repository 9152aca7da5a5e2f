package org.bgwcheck.core.variant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.bgwcheck.core.check.SequentialScenarios;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.worker.WorkerSettings;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@link VariantSwitch} is the whole variant mechanism and {@link SpecialisingClassLoader} removes it and
 * nothing else: otherwise a "specialised" fault would be some other code, or the fixed protocol in disguise.
 */
class VariantSwitchTest {
    /** The one final boolean of the protocol that no fault flips: the list lookup, a design choice. */
    private static final String NOT_A_SWITCH = "org.bgwcheck.core.postmaster.BackgroundWorkerList.searchLikeC";

    @Test
    void everyFinalBooleanOfTheProtocolIsAPrivateSwitch() throws Exception {
        Set<String> finalBooleans = new TreeSet<>();
        Set<String> switches = new TreeSet<>();
        for (Class<?> c : coreClasses()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(VariantSwitch.class)) {
                    switches.add(c.getName() + "." + f.getName());
                    // Private: only its own class reads it, which is the class the loader rewrites.
                    assertTrue(Modifier.isPrivate(f.getModifiers()) && Modifier.isFinal(f.getModifiers())
                            && f.getType() == boolean.class, f + " must be a private final boolean");
                }
                if (!c.isRecord() && f.getType() == boolean.class && Modifier.isFinal(f.getModifiers())
                        && !Modifier.isStatic(f.getModifiers())) {
                    finalBooleans.add(c.getName() + "." + f.getName());
                }
            }
        }
        finalBooleans.remove(NOT_A_SWITCH);
        assertEquals(finalBooleans, switches);
        assertEquals(17, switches.size(), "switches: " + switches);
    }

    @Test
    void everySwitchHoldsWhatItsMarkSaysUnderEveryVariant() throws Exception {
        for (Variant variant : allVariants()) {
            SimulatedCluster cluster = new SimulatedCluster(SlotMemoryKind.OBJECT_FIELDS.create(4),
                    new WorkerSettings(4, 2), variant);
            Map<String, Boolean> seen = new HashMap<>();
            collectSwitches(cluster, new IdentityHashMap<>(), seen, variant);
            assertEquals(17, seen.size(), variant + ": switches reached " + seen.keySet());
        }
    }

    @Test
    void specialisingReplacesTheSwitchReadsAndNothingElse() throws Exception {
        int switchedClasses = 0;
        for (Class<?> c : coreClasses()) {
            byte[] original = classFile(c);
            byte[] asBuilt = SpecialisingClassLoader.rewrite(original, null);
            int reads = switchReads(asBuilt);
            for (Variant variant : allVariants()) {
                byte[] specialised = SpecialisingClassLoader.rewrite(original, variant);
                assertEquals(0, switchReads(specialised), c + " under " + variant);
                // Same length and at most the 3 bytes of each getfield differ: constant pool, methods, branch
                // offsets and frames are the same on both sides.
                assertEquals(asBuilt.length, specialised.length, c.getName());
                int differing = 0;
                for (int i = 0; i < asBuilt.length; i++) {
                    differing += asBuilt[i] == specialised[i] ? 0 : 1;
                }
                assertTrue(differing <= 3 * reads, c + ": " + differing + " bytes differ for " + reads + " reads");
            }
            switchedClasses += reads > 0 ? 1 : 0;
        }
        assertEquals(4, switchedClasses, "classes that read a switch");
    }

    /**
     * The loaded code, not what the constructors are told, decides: specialised to a fault, a sequential
     * scenario shows the fault even when every constructor is given FIXED; specialised to FIXED, it shows
     * nothing even when every constructor is given the fault.
     */
    @Test
    void aSpecialisedLoaderRunsItsVariantWhateverTheConstructorsAreTold() throws Exception {
        for (Fault fault : SequentialScenarios.byFault().keySet()) {
            String asFault = probe(SpecialisingClassLoader.specialisedTo(Variant.of(fault), loader()))
                    .apply(fault.name(), "FIXED");
            assertNotEquals("[]", asFault, fault + " specialised, constructors told FIXED");
            String asFixed = probe(SpecialisingClassLoader.specialisedTo(Variant.FIXED, loader()))
                    .apply(fault.name(), fault.name());
            assertEquals("[]", asFixed, "FIXED specialised, constructors told " + fault);
            String asBuilt = probe(SpecialisingClassLoader.asBuilt(loader())).apply(fault.name(), fault.name());
            assertNotEquals("[]", asBuilt, fault + " as built");
        }
    }

    @Test
    void classesOutsideThePackagesComeFromTheParent() throws Exception {
        SpecialisingClassLoader loader = SpecialisingClassLoader.specialisedTo(Variant.FIXED, loader());
        assertSame(String.class, loader.loadClass("java.lang.String"));
        assertSame(Test.class, loader.loadClass(Test.class.getName()));
        Class<?> fault = loader.loadClass(Fault.class.getName());
        assertNotEquals(Fault.class, fault);
        assertSame(loader, fault.getClassLoader());
    }

    @SuppressWarnings("unchecked")
    private static BiFunction<String, String, String> probe(ClassLoader loader) throws Exception {
        Class<?> probe = loader.loadClass(SequentialProbe.class.getName());
        assertSame(loader, probe.getClassLoader());
        return (BiFunction<String, String, String>) probe.getConstructor().newInstance();
    }

    private static ClassLoader loader() {
        return VariantSwitchTest.class.getClassLoader();
    }

    private static List<Variant> allVariants() {
        List<Variant> all = new ArrayList<>(List.of(Variant.FIXED));
        Stream.of(Fault.values()).map(Variant::of).forEach(all::add);
        return all;
    }

    private static void collectSwitches(Object o, Map<Object, Boolean> visited, Map<String, Boolean> seen,
                                        Variant variant) throws IllegalAccessException {
        if (o == null || visited.put(o, true) != null || !o.getClass().getName().startsWith("org.bgwcheck.")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c.getName().startsWith("org.bgwcheck."); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                VariantSwitch mark = f.getAnnotation(VariantSwitch.class);
                if (mark != null) {
                    boolean expected = mark.fixed() != variant.has(mark.fault());
                    assertEquals(expected, f.getBoolean(o), c.getName() + "." + f.getName() + " under " + variant);
                    seen.put(c.getName() + "." + f.getName(), f.getBoolean(o));
                } else if (!f.getType().isPrimitive()) {
                    collectSwitches(f.get(o), visited, seen, variant);
                }
            }
        }
    }

    /** GETFIELDs, in any class, of a field marked {@link VariantSwitch}. */
    private static int switchReads(byte[] classFile) {
        int[] reads = {0};
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String d, String s, String[] e) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String descriptor) {
                        if (opcode == Opcodes.GETFIELD && isSwitch(owner, field)) {
                            reads[0]++;
                        }
                    }
                };
            }
        }, 0);
        return reads[0];
    }

    private static boolean isSwitch(String owner, String field) {
        try {
            return Class.forName(owner.replace('/', '.'), false, loader()).getDeclaredField(field)
                    .isAnnotationPresent(VariantSwitch.class);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = loader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Every main class of core, from its classes directory. */
    private static List<Class<?>> coreClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path where = Path.of(Variant.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(where)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = where.relativize(p).toString();
                classes.add(Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader()));
            }
        }
        return classes;
    }
}
