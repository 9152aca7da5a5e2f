package org.bgwcheck.launcher.kind;

/**
 * The main entry of one kind of postmaster child: the {@code main_fn} column of PostgreSQL's
 * {@code child_process_kinds[]} ({@code entry_kinds[]} in the patch).
 *
 * <p>In C the main function never returns; it ends with {@code proc_exit()}. Here returning
 * normally means exit status 0 and throwing means exit status 1, the way a FATAL error ends a
 * PostgreSQL child. {@code SubPostmasterMain} turns both into the process exit status.
 */
public interface ChildMain {
    void main(ChildContext context) throws Exception;
}
