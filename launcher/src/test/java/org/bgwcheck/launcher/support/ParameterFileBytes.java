package org.bgwcheck.launcher.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

import org.bgwcheck.launcher.param.BackendParametersCodec;

/**
 * Surgery on encoded parameter files, for tests that need a file that is wrong in exactly one
 * way: fields are patched and the checksum is recomputed, so that the check under test, not the
 * checksum, is what refuses it.
 */
public final class ParameterFileBytes {

    public static final int VERSION_OFFSET = 8;
    public static final int GLOBALS_LENGTH_OFFSET = 12;
    public static final int STARTUP_LENGTH_OFFSET = 16;
    public static final int GLOBALS_OFFSET = BackendParametersCodec.HEADER_SIZE;

    private ParameterFileBytes() {
    }

    public static int globalsLength(byte[] file) {
        return le(file).getInt(GLOBALS_LENGTH_OFFSET);
    }

    /** The offset just past the globals section (the client-socket flag is the byte before it). */
    public static int globalsEnd(byte[] file) {
        return GLOBALS_OFFSET + globalsLength(file);
    }

    public static byte[] withInt(byte[] file, int offset, int value) {
        byte[] copy = file.clone();
        le(copy).putInt(offset, value);
        return resign(copy);
    }

    public static byte[] withByte(byte[] file, int offset, int value) {
        byte[] copy = file.clone();
        copy[offset] = (byte) value;
        return resign(copy);
    }

    public static byte[] withBytes(byte[] file, int offset, byte[] bytes) {
        byte[] copy = file.clone();
        System.arraycopy(bytes, 0, copy, offset, bytes.length);
        return resign(copy);
    }

    /** Inserts bytes at the end of the globals section and grows its length to match. */
    public static byte[] withGlobalsTrailer(byte[] file, byte[] trailer) {
        int end = globalsEnd(file);
        byte[] grown = new byte[file.length + trailer.length];
        System.arraycopy(file, 0, grown, 0, end);
        System.arraycopy(trailer, 0, grown, end, trailer.length);
        System.arraycopy(file, end, grown, end + trailer.length, file.length - end);
        le(grown).putInt(GLOBALS_LENGTH_OFFSET, globalsLength(file) + trailer.length);
        return resign(grown);
    }

    /** Recomputes the trailing CRC-32C. */
    public static byte[] resign(byte[] file) {
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - BackendParametersCodec.CHECKSUM_SIZE);
        le(file).putInt(file.length - BackendParametersCodec.CHECKSUM_SIZE, (int) crc.getValue());
        return file;
    }

    public static byte[] truncated(byte[] file, int length) {
        return Arrays.copyOf(file, length);
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
