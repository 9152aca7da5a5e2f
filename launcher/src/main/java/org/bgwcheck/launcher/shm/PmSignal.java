package org.bgwcheck.launcher.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code pmsignal.c} for the one reason the protocol uses, {@code PMSIGNAL_BACKGROUND_WORKER_CHANGE}:
 * a flag in shared memory that says <em>why</em> the postmaster is woken, set by a backend and
 * consumed by the postmaster. The wake-up itself ({@code kill(PostmasterPid, SIGUSR1)}) is a
 * separate doorbell (the backend's report pipe, see {@code postmaster.ChildTable}): the flag is set
 * with release semantics <em>before</em> the doorbell rings, and the postmaster clears it with an
 * atomic get-and-set <em>after</em> hearing the doorbell, so a scan that follows always sees the
 * registration or terminate request that caused it. Several signals before one scan coalesce into
 * one, as in PostgreSQL.
 */
public final class PmSignal {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final ByteBuffer buffer;
    private final int offset;

    PmSignal(ByteBuffer buffer, int offset) {
        this.buffer = buffer.duplicate().order(ByteOrder.nativeOrder());
        this.offset = offset;
    }

    /** Backend: {@code SendPostmasterSignal}'s flag half. Ring the doorbell afterwards. */
    public void set() {
        INT.setVolatile(buffer, offset, 1);
    }

    /** Postmaster: {@code CheckPostmasterSignal}: true (and cleared) if some backend set it. */
    public boolean checkAndClear() {
        return (int) INT.getAndSet(buffer, offset, 0) != 0;
    }
}
