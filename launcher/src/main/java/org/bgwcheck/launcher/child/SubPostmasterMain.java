package org.bgwcheck.launcher.child;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.bgwcheck.launcher.kind.ChildContext;
import org.bgwcheck.launcher.kind.ChildFatalException;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.param.BackendParameters;
import org.bgwcheck.launcher.param.BackendParametersCodec;
import org.bgwcheck.launcher.param.ConsumedParameterFile;
import org.bgwcheck.launcher.param.ParameterFileException;
import org.bgwcheck.launcher.param.ParameterFileReader;
import org.bgwcheck.launcher.param.PrivateTempDir;
import org.bgwcheck.launcher.report.ChildReport;

/**
 * The entry point of every exec()ed child, PostgreSQL's {@code SubPostmasterMain}: invoked as
 * {@code --forkchild=<kind> <parameter file>}, it reads and removes the parameter file
 * ({@code read_backend_variables}), validates and restores it ({@code restore_backend_variables}),
 * re-attaches to shared memory if its kind wants it ({@code PGSharedMemoryReAttach}), reports
 * ready and dispatches to the kind's main.
 *
 * <p>Any failure before or inside the main ends the process with status 1 and exactly one line on
 * stderr, {@code <kind>[<pid>]: FATAL: <reason>}; nothing the child does can touch the parent.
 */
public final class SubPostmasterMain {

    private static final String FORKCHILD = "--forkchild=";

    private SubPostmasterMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the child in this JVM without a signal pipe and returns its exit status. Separate from
     * {@link #main} so that the AppCDS training run can walk the same path without exiting.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, null, out, err);
    }

    /** Runs the child with its signal pipe ({@code null}: none) and returns its exit status. */
    public static int run(String[] args, InputStream signalPipe, PrintStream out, PrintStream err) {
        String name = "child";
        try {
            if (args.length != 2 || !args[0].startsWith(FORKCHILD)) {
                throw new ChildFatalException("invalid invocation: expected " + FORKCHILD
                        + "<kind> <parameter file>, got " + args.length + " arguments");
            }
            String kindName = args[0].substring(FORKCHILD.length());
            ChildKind kind = ChildKind.byChildName(kindName);
            if (kind != null) {
                name = kind.childName();
            }
            Path file = fileArgument(args[1]);
            // Consumed before the kind is judged: a parameter file is single-use, so even a child
            // that is about to refuse its invocation removes it rather than leave it behind.
            ConsumedParameterFile consumed = ParameterFileReader.consume(file);
            if (kind == null) {
                throw new ChildFatalException("unknown child kind \"" + kindName + "\"");
            }
            BackendParameters parameters = restore(file, consumed);
            if (parameters.kind() != kind) {
                throw new ChildFatalException("parameter file \"" + file + "\" was written for kind \""
                        + parameters.kind().childName() + "\", but this child was started as \"" + name + "\"");
            }
            checkLocation(file, parameters);
            MappedByteBuffer sharedMemory = kind.attachesSharedMemory()
                    ? SharedMemoryAttachment.reattach(parameters.globals().sharedMemoryFile())
                    : null;
            ChildReport report = new ChildReport(out);
            report.ready(kind, sharedMemory, consumed);
            report.received(parameters);
            kind.main().main(new ChildContext(parameters, sharedMemory, out, signalPipe));
            out.flush();
            return 0;
        } catch (Throwable t) {
            // Errors too (a worker's StackOverflowError, OutOfMemoryError): the contract is one
            // line and status 1, as for FATAL, not the JVM's multi-line uncaught-exception dump.
            out.flush();
            // The pid only on this path: ProcessHandle's first use spins up lambdas and an executor,
            // milliseconds a child on the fast path should not pay.
            err.println(oneLine(name + "[" + ProcessHandle.current().pid() + "]: FATAL: " + describe(t)));
            err.flush();
            return 1;
        }
    }

    private static Path fileArgument(String argument) throws ChildFatalException {
        try {
            return Path.of(argument).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new ChildFatalException("invalid parameter file name: " + e.getReason());
        }
    }

    private static BackendParameters restore(Path file, ConsumedParameterFile consumed) throws ChildFatalException {
        try {
            return BackendParametersCodec.decode(consumed.contents());
        } catch (ParameterFileException e) {
            throw new ChildFatalException("invalid parameter file \"" + file + "\": " + e.getMessage());
        }
    }

    /** A parameter file belongs in its own postmaster's temp directory and nowhere else. */
    private static void checkLocation(Path file, BackendParameters parameters) throws ChildFatalException {
        Path expected = parameters.globals().dataDirectory().toAbsolutePath().normalize()
                .resolve(PrivateTempDir.DIRECTORY_NAME);
        if (!expected.equals(file.normalize().getParent())) {
            throw new ChildFatalException("parameter file \"" + file + "\" is not in the temp directory \""
                    + expected + "\" of its postmaster");
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof ChildFatalException || t instanceof ParameterFileException) {
            return t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
    }

    private static String oneLine(String message) {
        StringBuilder line = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            line.append(Character.isISOControl(c) ? ' ' : c);
        }
        return line.toString();
    }
}
