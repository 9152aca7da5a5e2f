package org.bgwcheck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Variant;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The variant-cost baseline is honest only if {@link VariantFlags} is exactly core's variant mechanism and
 * {@link ProtocolLoader} removes the flag reads and nothing else. Checked against core as installed; nothing
 * is timed.
 */
class VariantFlagsTest {
    /** The one final boolean of core that is not a variant: the lookup, which both sides keep. */
    private static final String NOT_A_VARIANT = "org/bgwcheck/core/postmaster/BackgroundWorkerList.searchLikeC";

    @Test
    void theListIsEveryFinalBooleanFieldOfCore() throws Exception {
        Set<String> inCore = new TreeSet<>();
        for (String name : coreClassNames()) {
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            if (c.isRecord()) {
                continue; // a record's components are its final fields; no variant is selected through one
            }
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == boolean.class && Modifier.isFinal(f.getModifiers())
                        && !Modifier.isStatic(f.getModifiers())) {
                    inCore.add(name.replace('.', '/') + "." + f.getName());
                }
            }
        }
        inCore.remove(NOT_A_VARIANT);
        Set<String> listed = new TreeSet<>();
        VariantFlags.ALL.forEach(flag -> listed.add(flag.owner() + "." + flag.field()));
        assertEquals(inCore, listed);
    }

    @Test
    void eachFlagHasTheValueFixedGivesIt() throws IllegalAccessException {
        List<Object> graphs = List.of(new RoundTripCluster(SlotMemoryKind.OBJECT_FIELDS, Variant.FIXED),
                SteadyCluster.build(SlotMemoryKind.OBJECT_FIELDS, 8, 50, WorkerLookup.SLOT_INDEX, Variant.FIXED));
        Map<String, Boolean> seen = new HashMap<>();
        for (Object root : graphs) {
            collectFlags(root, new IdentityHashMap<>(), seen);
        }
        for (VariantFlags.Flag flag : VariantFlags.ALL) {
            assertEquals(flag.fixedValue(), seen.get(flag.owner() + "." + flag.field()), flag.toString());
        }
    }

    @Test
    void foldingChangesTheFlagReadsAndNothingElse() throws IOException {
        for (String owner : VariantFlags.ALL.stream().map(VariantFlags.Flag::owner).distinct().toList()) {
            byte[] original = ProtocolLoader.rewrite(classFile(owner), false);
            byte[] folded = ProtocolLoader.rewrite(classFile(owner), true);
            int reads = flagReads(original);
            assertTrue(reads > 0, owner + " reads no flag: the list is stale");
            assertEquals(0, flagReads(folded), owner);
            // Same length and at most the 3 bytes of each getfield differ: constant pool, methods, branch
            // offsets and frames are the same on both sides.
            assertEquals(original.length, folded.length, owner);
            int differing = 0;
            for (int i = 0; i < original.length; i++) {
                differing += original[i] == folded[i] ? 0 : 1;
            }
            assertTrue(differing <= 3 * reads, owner + ": " + differing + " bytes differ for " + reads + " reads");
        }
    }

    @Test
    void bothBuildsRunTheOperationsAlike() {
        for (String op : List.of("roundTrip", "backgroundWorkerStateChange")) {
            Supplier<Object> asBuilt = ProtocolOperations.load(op, false);
            Supplier<Object> without = ProtocolOperations.load(op, true);
            for (int i = 0; i < 10 * RoundTripCluster.SLOTS; i++) {
                Object a = asBuilt.get();
                Object b = without.get();
                if (op.equals("roundTrip")) {
                    assertEquals(a.toString(), b.toString());
                }
            }
        }
    }

    private static void collectFlags(Object o, Map<Object, Boolean> visited, Map<String, Boolean> seen)
            throws IllegalAccessException {
        if (o == null || visited.put(o, true) != null || !o.getClass().getName().startsWith("org.bgwcheck.")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c.getName().startsWith("org.bgwcheck."); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                String key = c.getName().replace('.', '/') + "." + f.getName();
                if (VariantFlags.find(c.getName().replace('.', '/'), f.getName()) != null) {
                    seen.put(key, f.getBoolean(o));
                } else if (!f.getType().isPrimitive()) {
                    collectFlags(f.get(o), visited, seen);
                }
            }
        }
    }

    private static int flagReads(byte[] classFile) {
        int[] reads = {0};
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String d, String s, String[] e) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String descriptor) {
                        if (opcode == Opcodes.GETFIELD && VariantFlags.find(owner, field) != null) {
                            reads[0]++;
                        }
                    }
                };
            }
        }, 0);
        return reads[0];
    }

    private static byte[] classFile(String internalName) throws IOException {
        try (InputStream in = VariantFlagsTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Every class of core, from its jar (installed) or its classes directory (in a reactor build). */
    private static List<String> coreClassNames() throws IOException, URISyntaxException {
        Path where = Path.of(Variant.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.walk(where)) {
                files.map(p -> where.relativize(p).toString()).filter(p -> p.endsWith(".class"))
                        .forEach(p -> names.add(p.substring(0, p.length() - 6).replace('/', '.')));
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && !n.contains("module-info"))
                        .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
            }
        }
        return names;
    }
}
