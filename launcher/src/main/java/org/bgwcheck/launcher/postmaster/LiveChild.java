package org.bgwcheck.launcher.postmaster;

import java.io.IOException;
import java.io.OutputStream;

import org.bgwcheck.launcher.LaunchedChild;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.signal.SignalCode;

/**
 * A running child as the postmaster loop knows it: its process, what it was launched as, and the
 * write end of its signal pipe.
 *
 * @param pid           the child's pid
 * @param kind          BACKEND or BGWORKER
 * @param name          the worker's {@code bgw_name}, or "backend"
 * @param slot          the worker's slot, or -1
 * @param launchedNanos when {@code launchChild} returned, for the launch-to-ready latency
 * @param startupDigest {@code ChildReport.digest} of the startup data, for the C1 check
 * @param startupLength its length
 */
record LiveChild(int pid, ChildKind kind, LaunchedChild process, String name, int slot, long launchedNanos,
                 String startupDigest, int startupLength) {

    boolean isBackend() {
        return kind == ChildKind.BACKEND;
    }

    /**
     * {@code kill(pid, sig)}: one byte on the child's signal pipe. A child that has exited (broken
     * pipe) loses the signal, as kill() to a dead pid does.
     */
    boolean signal(SignalCode code) {
        OutputStream pipe = process.signalPipe();
        synchronized (pipe) {
            try {
                pipe.write(code.code());
                pipe.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
