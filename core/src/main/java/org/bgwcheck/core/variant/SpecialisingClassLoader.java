package org.bgwcheck.core.variant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import org.bgwcheck.core.shmem.OrderingSite;
import org.bgwcheck.core.shmem.SlotMemory;

/**
 * Loads core (and the caller's own packages built on it) afresh, from the same class files everyone else
 * runs, with every read of a {@link VariantSwitch} field replaced by the field's value under one variant:
 * {@code getfield} becomes {@code pop; iconst; nop}, the same three bytes, so every method keeps its size
 * (which C2's inlining goes by) and its branch offsets. What C2 then compiles is the variant as if it had
 * been written alone: a fault's missing fence is code without a fence, not a branch around one, and stores
 * may move where the fault lets them.
 *
 * <p>{@link #asBuilt} loads the same classes through the same rewriting with the reads kept, so that a
 * comparison of the two differs only in the switch reads. {@link #withoutFence} keeps the reads and deletes
 * one {@link OrderingSite}'s fence call instead: a fence removed from the code itself, not by a switch. Classes outside the named packages, and every
 * class the JDK provides, come from the parent: only those types may cross between the two worlds.
 */
public final class SpecialisingClassLoader extends ClassLoader {
    private static final String CORE = "org.bgwcheck.core.";
    private static final String SWITCH = Type.getDescriptor(VariantSwitch.class);
    private static final String SITE = Type.getInternalName(OrderingSite.class);
    private static final String MEMORY = Type.getInternalName(SlotMemory.class);

    private final Variant variant;
    private final OrderingSite removedFence;
    private final List<String> prefixes;

    private SpecialisingClassLoader(ClassLoader parent, Variant variant, OrderingSite removedFence,
                                    List<String> prefixes) {
        super("bgwcheck-" + (variant != null ? variant.name()
                : removedFence != null ? "without-" + removedFence.name() : "as-built"), parent);
        this.variant = variant;
        this.removedFence = removedFence;
        this.prefixes = prefixes;
    }

    /**
     * Core and the classes under {@code packages} (name prefixes such as {@code "org.bgwcheck.stress.race."}),
     * each switch read folded to its value under {@code variant}.
     */
    public static SpecialisingClassLoader specialisedTo(Variant variant, ClassLoader parent, String... packages) {
        if (variant == null) {
            throw new IllegalArgumentException("no variant to specialise to");
        }
        return new SpecialisingClassLoader(parent, variant, null, prefixes(packages));
    }

    /** The same classes, loaded afresh and written back alike, with every switch read kept. */
    public static SpecialisingClassLoader asBuilt(ClassLoader parent, String... packages) {
        return new SpecialisingClassLoader(parent, null, null, prefixes(packages));
    }

    /**
     * The classes as built, except that every {@code shm.fence(site)} call is deleted (the receiver is popped
     * instead): the code a programmer leaves behind who removes that one barrier.
     */
    public static SpecialisingClassLoader withoutFence(OrderingSite site, ClassLoader parent, String... packages) {
        if (site == null) {
            throw new IllegalArgumentException("no ordering site to remove");
        }
        return new SpecialisingClassLoader(parent, null, site, prefixes(packages));
    }

    private static List<String> prefixes(String... packages) {
        List<String> all = new ArrayList<>(List.of(packages));
        all.add(CORE);
        return List.copyOf(all);
    }

    /** The variant this loader folds to, or null if it keeps the switch reads. */
    public Variant variant() {
        return variant;
    }

    /** Child first for the named packages, so they are this loader's own copies. */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (prefixes.stream().noneMatch(name::startsWith)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = rewrite(classFile(name), variant, removedFence);
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private byte[] classFile(String name) throws ClassNotFoundException {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The class as ASM writes it back, with each {@code getfield} of one of its own {@link VariantSwitch}
     * fields replaced by the field's value under {@code variant} (kept if {@code variant} is null). Both
     * sides of a comparison go through ASM, so its re-encoding is the same on both.
     */
    public static byte[] rewrite(byte[] classFile, Variant variant) {
        return rewrite(classFile, variant, null);
    }

    /** As {@link #rewrite(byte[], Variant)}, also deleting every fence call of {@code removedFence} if not null. */
    public static byte[] rewrite(byte[] classFile, Variant variant, OrderingSite removedFence) {
        ClassReader reader = new ClassReader(classFile);
        Map<String, Boolean> values = variant == null ? Map.of() : switchValues(reader, variant);
        String owner = reader.getClassName();
        // Same stack depth and types after the swap, so the frames and max stack stay valid as read.
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (removedFence != null) {
                    mv = new FenceRemover(mv, removedFence);
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitFieldInsn(int opcode, String fieldOwner, String field, String fieldDescriptor) {
                        Boolean value = opcode == Opcodes.GETFIELD && fieldOwner.equals(owner) ? values.get(field) : null;
                        if (value == null) {
                            super.visitFieldInsn(opcode, fieldOwner, field, fieldDescriptor);
                            return;
                        }
                        super.visitInsn(Opcodes.POP);
                        super.visitInsn(value ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
                        super.visitInsn(Opcodes.NOP);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }

    /**
     * Deletes {@code getstatic OrderingSite.<site>; invokeinterface SlotMemory.fence} pairs, popping the
     * memory reference the call would have consumed. Any other instruction after the {@code getstatic}
     * writes it back unchanged. The stack is the same after the pair as after the pop, so frames stay valid.
     */
    private static final class FenceRemover extends MethodVisitor {
        private final OrderingSite site;
        private boolean pendingSite;

        FenceRemover(MethodVisitor mv, OrderingSite site) {
            super(Opcodes.ASM9, mv);
            this.site = site;
        }

        private void flush() {
            if (pendingSite) {
                pendingSite = false;
                super.visitFieldInsn(Opcodes.GETSTATIC, SITE, site.name(), "L" + SITE + ";");
            }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            flush();
            if (opcode == Opcodes.GETSTATIC && owner.equals(SITE) && name.equals(site.name())) {
                pendingSite = true;
                return;
            }
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (pendingSite && opcode == Opcodes.INVOKEINTERFACE && owner.equals(MEMORY) && name.equals("fence")) {
                pendingSite = false;
                super.visitInsn(Opcodes.POP);
                return;
            }
            flush();
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInsn(int opcode) {
            flush();
            super.visitInsn(opcode);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            flush();
            super.visitVarInsn(opcode, var);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            flush();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLabel(Label label) {
            flush();
            super.visitLabel(label);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            flush();
            super.visitFrame(type, numLocal, local, numStack, stack);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            flush();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            flush();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitLdcInsn(Object value) {
            flush();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            flush();
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            flush();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            flush();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
            flush();
            super.visitInvokeDynamicInsn(name, descriptor, bsm, bsmArgs);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            flush();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            flush();
            super.visitMaxs(maxStack, maxLocals);
        }
    }

    /** This class's {@link VariantSwitch} fields, each with its value under {@code variant}. */
    private static Map<String, Boolean> switchValues(ClassReader reader, Variant variant) {
        Map<String, Boolean> values = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object v) {
                return new FieldVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        if (!annotation.equals(SWITCH)) {
                            return null;
                        }
                        return new AnnotationVisitor(Opcodes.ASM9) {
                            private Fault fault;
                            private Boolean fixed;

                            @Override
                            public void visit(String element, Object value) {
                                fixed = (Boolean) value;
                            }

                            @Override
                            public void visitEnum(String element, String enumDescriptor, String value) {
                                fault = Fault.valueOf(value);
                            }

                            @Override
                            public void visitEnd() {
                                values.put(name, fixed != variant.has(fault));
                            }
                        };
                    }
                };
            }
        }, ClassReader.SKIP_CODE);
        return values;
    }
}
