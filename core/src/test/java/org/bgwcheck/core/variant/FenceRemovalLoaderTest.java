package org.bgwcheck.core.variant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import org.bgwcheck.core.backend.DynamicBackgroundWorkers;
import org.bgwcheck.core.postmaster.PostmasterWorkerSlots;
import org.bgwcheck.core.shmem.OrderingSite;

/**
 * {@link SpecialisingClassLoader#withoutFence} deletes exactly the fence calls of one site: the classes that
 * call fences keep every other site's call, lose every call of that one, and still load, verify and run.
 */
class FenceRemovalLoaderTest {
    private static final List<Class<?>> CALLERS = List.of(DynamicBackgroundWorkers.class, PostmasterWorkerSlots.class);

    @Test
    void eachSiteIsCalledOnceAsBuilt() throws IOException {
        Map<OrderingSite, Integer> calls = new EnumMap<>(OrderingSite.class);
        for (Class<?> c : CALLERS) {
            fenceCalls(SpecialisingClassLoader.rewrite(classFile(c), null, null), calls);
        }
        for (OrderingSite site : OrderingSite.values()) {
            assertEquals(1, calls.getOrDefault(site, 0), site + " calls as built");
        }
    }

    @Test
    void removingASiteDeletesItsCallsAndNoOther() throws IOException {
        for (OrderingSite removed : OrderingSite.values()) {
            Map<OrderingSite, Integer> calls = new EnumMap<>(OrderingSite.class);
            for (Class<?> c : CALLERS) {
                fenceCalls(SpecialisingClassLoader.rewrite(classFile(c), null, removed), calls);
            }
            for (OrderingSite site : OrderingSite.values()) {
                assertEquals(site == removed ? 0 : 1, calls.getOrDefault(site, 0), site + " calls without " + removed);
            }
        }
    }

    @Test
    void theRewrittenProtocolLoadsAndRuns() throws Exception {
        for (OrderingSite removed : OrderingSite.values()) {
            SpecialisingClassLoader loader = SpecialisingClassLoader.withoutFence(removed, getClass().getClassLoader());
            Class<?> probe = loader.loadClass(SequentialProbe.class.getName());
            assertSame(loader, probe.getClassLoader());
            @SuppressWarnings("unchecked")
            var run = (java.util.function.BiFunction<String, String, String>) probe.getConstructor().newInstance();
            // A sequential scenario never needs a fence: the fixed protocol without one still passes it.
            assertEquals("[]", run.apply(Fault.TERMINATE_IGNORES_GENERATION.name(), "FIXED"), "without " + removed);
        }
    }

    /** Counts {@code getstatic OrderingSite.X; invokeinterface SlotMemory.fence} pairs by site. */
    private static void fenceCalls(byte[] classFile, Map<OrderingSite, Integer> calls) {
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    private OrderingSite last;

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String descriptor) {
                        last = opcode == Opcodes.GETSTATIC && owner.endsWith("/OrderingSite")
                                ? OrderingSite.valueOf(field) : null;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String d, boolean itf) {
                        if (last != null && method.equals("fence") && owner.endsWith("/SlotMemory")) {
                            calls.merge(last, 1, Integer::sum);
                        }
                        last = null;
                    }
                };
            }
        }, 0);
    }

    private static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
