package org.bgwcheck.weak.explore;

/**
 * One thing that can happen next: a process takes a step of the protocol (the TLA+ spec's actions), or the
 * memory system makes a buffered store visible or lets the postmaster load early. Packs into a long, so that
 * a path of choices is a {@code long[]}.
 */
record Choice(Kind kind, int process, int arg) {
    enum Kind {
        /** RegisterDynamicBackgroundWorker by an idle backend {@code process}. */
        REGISTER,
        /** TerminateBackgroundWorker on the backend's handle (once per handle). */
        TERMINATE,
        /** The backend forgets its handle (pfree) and is idle again. */
        DROP_HANDLE,
        /** The postmaster's loop: PMSIGNALs (BackgroundWorkerStateChange), reaping, maybe_start_bgworkers. */
        POSTMASTER,
        /** The running worker with pid {@code arg} exits with code 0. */
        WORKER_EXIT,
        /** WEAK: the postmaster loads slot {@code arg}'s registration before its scan loads in_use. */
        LOAD_EARLY,
        /** The {@code arg}-th buffered store of process {@code process} becomes visible. */
        COMMIT
    }

    long pack() {
        return ((long) kind.ordinal() << 56) | ((long) process << 32) | (arg & 0xffffffffL);
    }

    static Choice unpack(long packed) {
        return new Choice(Kind.values()[(int) (packed >>> 56)], (int) (packed >>> 32) & 0xffffff, (int) packed);
    }
}
