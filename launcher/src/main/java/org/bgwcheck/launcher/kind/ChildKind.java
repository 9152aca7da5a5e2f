package org.bgwcheck.launcher.kind;

import org.bgwcheck.launcher.bgworker.BackgroundWorkerMain;
import org.bgwcheck.launcher.child.AuxiliaryStandInMain;
import org.bgwcheck.launcher.backend.BackendMain;

/**
 * The kinds of postmaster child, PostgreSQL's {@code child_process_kinds[]}: for each kind the
 * name used on the command line ({@code --forkchild=<name>}), its main entry, and whether it
 * re-attaches to shared memory when started in exec mode.
 *
 * <p>The table is shared by both sides: the parent names the kind on the child's command line and
 * in the parameter file, and the child looks the name up here to find its main.
 */
public enum ChildKind {
    /**
     * A regular backend; its startup data is a session script ({@code backend.SessionScript}) when
     * the postmaster loop launches it, otherwise an opaque blob (phase 1's launch checks).
     */
    BACKEND("backend", new BackendMain(), true),
    /** A background worker; startup data is its registration, core's {@code BackgroundWorker} image. */
    BGWORKER("bgworker", new BackgroundWorkerMain(), true),
    /** An auxiliary process that works in shared memory. */
    CHECKPOINTER("checkpointer", new AuxiliaryStandInMain(), true),
    /**
     * The one kind that does not attach to shared memory: PostgreSQL keeps the syslogger out of
     * it so that a crash-restart, which re-creates shared memory, does not have to restart it.
     */
    SYSLOGGER("syslogger", new AuxiliaryStandInMain(), false);

    private final String childName;
    private final ChildMain main;
    private final boolean attachesSharedMemory;

    ChildKind(String childName, ChildMain main, boolean attachesSharedMemory) {
        this.childName = childName;
        this.main = main;
        this.attachesSharedMemory = attachesSharedMemory;
    }

    /** The name on the command line and in the parameter file ({@code PostmasterChildName}). */
    public String childName() {
        return childName;
    }

    public ChildMain main() {
        return main;
    }

    public boolean attachesSharedMemory() {
        return attachesSharedMemory;
    }

    /**
     * The kind with this name, or {@code null}: the lookup SubPostmasterMain does on the argument
     * of {@code --forkchild=}. A plain loop, because the child runs this before it is ready.
     */
    public static ChildKind byChildName(String name) {
        for (ChildKind kind : values()) {
            if (kind.childName.equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
