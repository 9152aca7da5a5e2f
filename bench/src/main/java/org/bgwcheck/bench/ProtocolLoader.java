package org.bgwcheck.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Loads core and the benchmark fixtures afresh, from the very class files everyone else runs, either as
 * they are or with every read of a variant flag ({@link VariantFlags}) replaced by the flag's value under
 * FIXED: {@code aload_0; getfield flag} becomes {@code aload_0; pop; iconst; nop}, the same three bytes, so
 * the methods keep their sizes (which C2's inlining decisions go by) and their branch offsets. That is core
 * compiled without a variant mechanism - same methods, same bytecode otherwise, each {@code if (flag)} now
 * testing a constant that C2 folds - and nothing else changes: no JVM flag, no forced inlining, no copy of
 * the source.
 *
 * <p>Both sides of the comparison load through this class (one with {@code withoutVariants} false), so
 * they run equally fresh classes, written back by ASM alike and called the same way; only the flag reads
 * differ.
 */
final class ProtocolLoader extends ClassLoader {
    private static final String OURS = "org.bgwcheck.";

    private final boolean withoutVariants;

    ProtocolLoader(boolean withoutVariants) {
        super(ProtocolLoader.class.getClassLoader());
        this.withoutVariants = withoutVariants;
    }

    /** Child first for the project's classes, so core and the fixtures are this loader's own copies. */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(OURS)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = rewrite(classFile(name), withoutVariants);
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
     * The class as ASM writes it back, with every GETFIELD of a variant flag replaced by POP (the receiver),
     * the constant and NOP if {@code foldFlags}. Both sides go through ASM, so its re-encoding (attribute
     * order, frame encoding) is the same on both and the flag reads are their only difference.
     */
    static byte[] rewrite(byte[] classFile, boolean foldFlags) {
        ClassReader reader = new ClassReader(classFile);
        // Same stack depth and types after the swap, so the frames and max stack stay valid as read.
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                        VariantFlags.Flag flag =
                                foldFlags && opcode == Opcodes.GETFIELD ? VariantFlags.find(owner, field) : null;
                        if (flag == null) {
                            super.visitFieldInsn(opcode, owner, field, fieldDescriptor);
                            return;
                        }
                        super.visitInsn(Opcodes.POP);
                        super.visitInsn(flag.fixedValue() ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
                        super.visitInsn(Opcodes.NOP);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
