package org.bgwcheck.launcher.param;

import java.util.Objects;

import org.bgwcheck.launcher.kind.ChildKind;

/**
 * Everything one exec()ed child is told through its parameter file: the counterpart of
 * {@code BackendParameters} in {@code launch_backend.c}, with the kind added (PostgreSQL only
 * puts it on the command line; carrying it in the checksummed file too lets the child detect a
 * file handed to the wrong kind).
 *
 * @param kind         the kind the child was launched as
 * @param globals      the postmaster's globals
 * @param clientSocket the client connection for a backend, or {@code null}
 * @param startupData  the kind-specific blob of {@code postmaster_child_launch}; never
 *                     {@code null}, possibly empty. Not copied: callers must not mutate it.
 */
public record BackendParameters(ChildKind kind, PostmasterGlobals globals, ClientSocket clientSocket,
                                byte[] startupData) {

    public BackendParameters {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(globals, "globals");
        Objects.requireNonNull(startupData, "startupData");
    }
}
