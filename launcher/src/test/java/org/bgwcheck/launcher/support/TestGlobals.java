package org.bgwcheck.launcher.support;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

import org.bgwcheck.launcher.param.ClientSocket;
import org.bgwcheck.launcher.param.Gucs;
import org.bgwcheck.launcher.param.PostmasterGlobals;

/** Globals and client sockets for tests that build parameter files by hand. */
public final class TestGlobals {

    private TestGlobals() {
    }

    public static PostmasterGlobals globals(Path dataDirectory) {
        return new PostmasterGlobals(4242, dataDirectory.toAbsolutePath(), dataDirectory.toAbsolutePath().resolve("shmem"),
                "", new Gucs(16, 4));
    }

    public static ClientSocket loopbackV4() throws UnknownHostException {
        return new ClientSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5432),
                new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 40001));
    }

    public static ClientSocket loopbackV6() throws UnknownHostException {
        return new ClientSocket(new InetSocketAddress(InetAddress.getByName("::1"), 5433),
                new InetSocketAddress(InetAddress.getByName("fe80::1"), 65535));
    }
}
