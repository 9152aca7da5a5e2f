package org.bgwcheck.core.worker;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes a {@link BackgroundWorker} into its {@code sizeof(BackgroundWorker)}-byte C image and back. The
 * launcher passes this image as a background worker's startup data, as {@code do_start_bgworker} does.
 * Decoding is strict: it is for images this codec wrote, not for untrusted shared memory.
 */
public final class BackgroundWorkerCodec {
    private BackgroundWorkerCodec() {
    }

    public static byte[] encode(BackgroundWorker w) {
        ByteBuffer b = ByteBuffer.allocate(BackgroundWorkerLayout.SIZE).order(ByteOrder.nativeOrder());
        for (BackgroundWorkerLayout.StringField f : BackgroundWorkerLayout.StringField.values()) {
            b.put(f.offset(), CStrings.toFixed(f.of(w)));
        }
        b.putInt(BackgroundWorkerLayout.FLAGS, w.flags());
        b.putInt(BackgroundWorkerLayout.START_TIME, w.startTime());
        b.putInt(BackgroundWorkerLayout.RESTART_TIME, w.restartTime());
        b.putLong(BackgroundWorkerLayout.MAIN_ARG, w.mainArg());
        b.put(BackgroundWorkerLayout.EXTRA, w.extra());
        b.putInt(BackgroundWorkerLayout.NOTIFY_PID, w.notifyPid());
        return b.array();
    }

    public static BackgroundWorker decode(byte[] image) {
        if (image.length != BackgroundWorkerLayout.SIZE) {
            throw new IllegalArgumentException("a BackgroundWorker image is " + BackgroundWorkerLayout.SIZE
                    + " bytes, got " + image.length);
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.nativeOrder());
        byte[] extra = new byte[BgwLimits.BGW_EXTRALEN];
        b.get(BackgroundWorkerLayout.EXTRA, extra);
        return new BackgroundWorker(
                string(b, BackgroundWorkerLayout.NAME), string(b, BackgroundWorkerLayout.TYPE),
                b.getInt(BackgroundWorkerLayout.FLAGS), b.getInt(BackgroundWorkerLayout.START_TIME),
                b.getInt(BackgroundWorkerLayout.RESTART_TIME), string(b, BackgroundWorkerLayout.LIBRARY_NAME),
                string(b, BackgroundWorkerLayout.FUNCTION_NAME), b.getLong(BackgroundWorkerLayout.MAIN_ARG),
                extra, b.getInt(BackgroundWorkerLayout.NOTIFY_PID));
    }

    private static String string(ByteBuffer b, int offset) {
        byte[] raw = new byte[BgwLimits.BGW_MAXLEN];
        b.get(offset, raw);
        if (raw[BgwLimits.BGW_MAXLEN - 1] != 0) {
            throw new IllegalArgumentException("unterminated string at offset " + offset);
        }
        return CStrings.trustingCopy(raw);
    }
}
