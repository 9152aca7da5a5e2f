package org.bgwcheck.launcher.param;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The patch's {@code ClientSocket}: an accepted connection's endpoints.
 *
 * <p>Only the two addresses travel to the child. The descriptor itself does not: a JVM started
 * by {@link ProcessBuilder} inherits nothing but its three standard streams, so there is no way to
 * hand it an accepted socket (PostgreSQL relies on descriptor inheritance on Unix and on
 * {@code WSADuplicateSocket} on Windows). A backend stand-in therefore knows who its client is
 * but cannot talk to it.
 *
 * @param local  the postmaster's end ({@code laddr})
 * @param remote the client's end ({@code raddr})
 */
public record ClientSocket(InetSocketAddress local, InetSocketAddress remote) {

    public ClientSocket {
        requireResolved(local, "local");
        requireResolved(remote, "remote");
    }

    private static void requireResolved(InetSocketAddress address, String which) {
        Objects.requireNonNull(address, which);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(which + " address " + address + " is unresolved");
        }
    }
}
