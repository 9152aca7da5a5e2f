package org.bgwcheck.launcher.bgworker;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.bgwcheck.launcher.param.StrictUtf8;

/**
 * Phase-1 encoding of a background worker's startup data. In PostgreSQL the blob is the
 * {@code BackgroundWorker} struct itself; here, until core's fixed-size {@code BackgroundWorker}
 * encoding is wired in (phase 2 replaces this class), it is a minimal header, little-endian:
 *
 * <pre>
 *  uint16 length + UTF-8   bgw_name           (1..95 bytes, BGW_MAXLEN - 1)
 *  uint16 length + UTF-8   bgw_library_name   (1..1023 bytes, MAXPGPATH - 1)
 *  uint16 length + UTF-8   bgw_function_name  (1..95 bytes)
 *  int64                   bgw_main_arg
 * </pre>
 *
 * and nothing after it.
 */
public final class BgWorkerEntryCodec {

    static final int MAX_NAME_BYTES = 95;
    static final int MAX_LIBRARY_BYTES = 1023;

    private BgWorkerEntryCodec() {
    }

    /** @throws IllegalArgumentException if a field is empty or too long */
    public static byte[] encode(BgWorkerEntry entry) {
        byte[] name = field(entry.name(), "bgw_name", MAX_NAME_BYTES);
        byte[] library = field(entry.libraryName(), "bgw_library_name", MAX_LIBRARY_BYTES);
        byte[] function = field(entry.functionName(), "bgw_function_name", MAX_NAME_BYTES);
        ByteBuffer out = ByteBuffer.allocate(6 + name.length + library.length + function.length + 8)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) name.length).put(name);
        out.putShort((short) library.length).put(library);
        out.putShort((short) function.length).put(function);
        out.putLong(entry.mainArg());
        return out.array();
    }

    /** @throws IllegalArgumentException with the reason if the blob is not a valid entry */
    public static BgWorkerEntry decode(byte[] startupData) {
        ByteBuffer in = ByteBuffer.wrap(startupData).order(ByteOrder.LITTLE_ENDIAN);
        try {
            String name = readField(in, "bgw_name", MAX_NAME_BYTES);
            String library = readField(in, "bgw_library_name", MAX_LIBRARY_BYTES);
            String function = readField(in, "bgw_function_name", MAX_NAME_BYTES);
            long mainArg = in.getLong();
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " unexpected bytes after bgw_main_arg");
            }
            return new BgWorkerEntry(name, library, function, mainArg);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated: " + startupData.length + " bytes end in the middle of a field");
        }
    }

    private static byte[] field(String value, String field, int maxBytes) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > maxBytes) {
            throw new IllegalArgumentException(field + " must be 1.." + maxBytes + " bytes in UTF-8, not " + bytes.length);
        }
        return bytes;
    }

    private static String readField(ByteBuffer in, String field, int maxBytes) {
        int length = in.getShort() & 0xFFFF;
        if (length == 0 || length > maxBytes) {
            throw new IllegalArgumentException(field + " has length " + length + ", expected 1.." + maxBytes);
        }
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        String value = StrictUtf8.decode(in.array(), in.arrayOffset() + in.position(), length);
        in.position(in.position() + length);
        if (value == null) {
            throw new IllegalArgumentException(field + " is not valid UTF-8");
        }
        return value;
    }
}
