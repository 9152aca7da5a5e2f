package org.bgwcheck.launcher.param;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import org.bgwcheck.launcher.kind.ChildKind;

/**
 * The parameter file's byte format: {@link #encode} is {@code save_backend_variables} plus the
 * {@code fwrite} of {@code internal_forkexec}; {@link #decode} is the checking half of
 * {@code read_backend_variables} and {@code restore_backend_variables}.
 *
 * <p>PostgreSQL writes its {@code BackendParameters} struct raw, because parent and child are
 * the same binary. This format is self-describing instead, so that a child can tell a damaged,
 * truncated or foreign file from a good one and refuse it with a precise message rather than act
 * on garbage. All integers are little-endian. Layout (G = globals length, S = startup length):
 *
 * <pre>
 *  offset      size  field
 *  0           8     magic, ASCII "BGWPARAM"
 *  8           4     format version, uint32 = 1
 *  12          4     G, uint32, at most 64 KiB
 *  16          4     S, uint32, at most 64 MiB
 *  20          G     globals section (below)
 *  20+G        S     startup data, opaque
 *  20+G+S      4     CRC-32C of bytes [0, 20+G+S)
 *
 *  globals section, in order (str = uint16 byte length + UTF-8, at most 4096 bytes):
 *    str    kind name ("backend", "bgworker", ...)
 *    int64  postmaster pid
 *    str    data directory
 *    str    shared memory file
 *    str    library path (pkglib_path)
 *    int32  max_worker_processes
 *    int32  max_parallel_workers
 *    uint8  client socket present: 0 or 1; if 1, twice (local, then remote):
 *             uint8 address length (4 or 16), the address bytes, uint16 port
 * </pre>
 *
 * The file must be exactly 24 + G + S bytes long and the globals section must be consumed
 * exactly; anything else is refused.
 */
public final class BackendParametersCodec {

    public static final int VERSION = 1;
    public static final int HEADER_SIZE = 20;
    public static final int CHECKSUM_SIZE = 4;
    public static final int MAX_GLOBALS_LENGTH = 64 * 1024;
    public static final int MAX_STARTUP_DATA_LENGTH = 64 * 1024 * 1024;
    public static final int MAX_STRING_BYTES = 4096;
    public static final long MAX_FILE_SIZE =
            (long) HEADER_SIZE + MAX_GLOBALS_LENGTH + MAX_STARTUP_DATA_LENGTH + CHECKSUM_SIZE;

    private static final byte[] MAGIC = {'B', 'G', 'W', 'P', 'A', 'R', 'A', 'M'};

    private BackendParametersCodec() {
    }

    /**
     * The file contents for these parameters.
     *
     * @throws IllegalArgumentException if a string or the startup data exceeds the format's limits
     */
    public static byte[] encode(BackendParameters parameters) {
        PostmasterGlobals globals = parameters.globals();
        byte[] kind = utf8(parameters.kind().childName(), "kind name");
        byte[] dataDirectory = utf8(globals.dataDirectory().toString(), "data directory");
        byte[] sharedMemory = utf8(globals.sharedMemoryFile().toString(), "shared memory file");
        byte[] libraryPath = utf8(globals.libraryPath(), "library path");
        ClientSocket client = parameters.clientSocket();
        byte[] startupData = parameters.startupData();
        if (startupData.length > MAX_STARTUP_DATA_LENGTH) {
            throw new IllegalArgumentException("startup data of " + startupData.length
                    + " bytes exceeds the limit of " + MAX_STARTUP_DATA_LENGTH + " bytes");
        }

        int globalsLength = 2 + kind.length + 8 + 2 + dataDirectory.length + 2 + sharedMemory.length
                + 2 + libraryPath.length + 4 + 4 + 1
                + (client == null ? 0 : addressSize(client.local()) + addressSize(client.remote()));
        ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + globalsLength + startupData.length + CHECKSUM_SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(VERSION).putInt(globalsLength).putInt(startupData.length);
        putString(out, kind);
        out.putLong(globals.postmasterPid());
        putString(out, dataDirectory);
        putString(out, sharedMemory);
        putString(out, libraryPath);
        out.putInt(globals.gucs().maxWorkerProcesses()).putInt(globals.gucs().maxParallelWorkers());
        if (client == null) {
            out.put((byte) 0);
        } else {
            out.put((byte) 1);
            putAddress(out, client.local());
            putAddress(out, client.remote());
        }
        out.put(startupData);
        out.putInt(crc32c(out.array(), out.position()));
        return out.array();
    }

    /**
     * The parameters in a file's contents, after checking its magic, version, lengths, checksum
     * and every field.
     *
     * @throws ParameterFileException with a one-line reason if any check fails
     */
    public static BackendParameters decode(byte[] file) throws ParameterFileException {
        int minimum = HEADER_SIZE + CHECKSUM_SIZE;
        if (file.length < minimum) {
            throw new ParameterFileException("file is " + file.length
                    + " bytes, shorter than the smallest possible parameter file (" + minimum + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (file[i] != MAGIC[i]) {
                throw new ParameterFileException("bad magic: expected \"BGWPARAM\", found " + printable(file, MAGIC.length));
            }
        }
        in.position(MAGIC.length);
        long version = Integer.toUnsignedLong(in.getInt());
        if (version != VERSION) {
            throw new ParameterFileException("format version " + version + ", but this child reads version "
                    + VERSION + " (parent and child from different builds?)");
        }
        long globalsLength = Integer.toUnsignedLong(in.getInt());
        long startupLength = Integer.toUnsignedLong(in.getInt());
        if (globalsLength > MAX_GLOBALS_LENGTH) {
            throw new ParameterFileException("globals length " + globalsLength + " exceeds the limit of "
                    + MAX_GLOBALS_LENGTH + " bytes");
        }
        if (startupLength > MAX_STARTUP_DATA_LENGTH) {
            throw new ParameterFileException("startup data length " + startupLength + " exceeds the limit of "
                    + MAX_STARTUP_DATA_LENGTH + " bytes");
        }
        long announced = HEADER_SIZE + globalsLength + startupLength + CHECKSUM_SIZE;
        if (announced != file.length) {
            throw new ParameterFileException("header announces " + announced + " bytes (" + globalsLength
                    + " of globals, " + startupLength + " of startup data) but the file has " + file.length
                    + (file.length < announced ? " (truncated)" : " (trailing bytes)"));
        }
        int checksummed = file.length - CHECKSUM_SIZE;
        int stored = ByteBuffer.wrap(file, checksummed, CHECKSUM_SIZE).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int computed = crc32c(file, checksummed);
        if (stored != computed) {
            throw new ParameterFileException("checksum mismatch: stored 0x" + Integer.toHexString(stored)
                    + ", computed 0x" + Integer.toHexString(computed));
        }

        ByteBuffer globals = ByteBuffer.wrap(file, HEADER_SIZE, (int) globalsLength).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        BackendParameters parameters;
        try {
            parameters = decodeGlobals(globals, file, HEADER_SIZE + (int) globalsLength, (int) startupLength);
        } catch (BufferUnderflowException e) {
            throw new ParameterFileException("globals section ends in the middle of a field");
        }
        if (globals.hasRemaining()) {
            throw new ParameterFileException("globals section has " + globals.remaining() + " unexpected trailing bytes");
        }
        return parameters;
    }

    private static BackendParameters decodeGlobals(ByteBuffer in, byte[] file, int startupOffset, int startupLength)
            throws ParameterFileException {
        String kindName = getString(in, "kind name");
        ChildKind kind = ChildKind.byChildName(kindName);
        if (kind == null) {
            throw new ParameterFileException("unknown child kind \"" + kindName + "\"");
        }
        long postmasterPid = in.getLong();
        Path dataDirectory = getPath(in, "data directory");
        Path sharedMemory = getPath(in, "shared memory file");
        String libraryPath = getString(in, "library path");
        int maxWorkerProcesses = in.getInt();
        int maxParallelWorkers = in.getInt();
        ClientSocket client = getClientSocket(in);

        PostmasterGlobals globals;
        try {
            globals = new PostmasterGlobals(postmasterPid, dataDirectory, sharedMemory, libraryPath,
                    new Gucs(maxWorkerProcesses, maxParallelWorkers));
        } catch (IllegalArgumentException e) {
            throw new ParameterFileException(e.getMessage());
        }
        byte[] startupData = new byte[startupLength];
        System.arraycopy(file, startupOffset, startupData, 0, startupLength);
        return new BackendParameters(kind, globals, client, startupData);
    }

    private static ClientSocket getClientSocket(ByteBuffer in) throws ParameterFileException {
        byte present = in.get();
        if (present == 0) {
            return null;
        }
        if (present != 1) {
            throw new ParameterFileException("client socket flag is " + (present & 0xFF) + ", expected 0 or 1");
        }
        InetSocketAddress local = getAddress(in, "local");
        InetSocketAddress remote = getAddress(in, "remote");
        return new ClientSocket(local, remote);
    }

    private static InetSocketAddress getAddress(ByteBuffer in, String which) throws ParameterFileException {
        int length = in.get() & 0xFF;
        if (length != 4 && length != 16) {
            throw new ParameterFileException("client socket " + which + " address has length " + length
                    + ", expected 4 or 16");
        }
        byte[] address = new byte[length];
        in.get(address);
        int port = in.getShort() & 0xFFFF;
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new ParameterFileException("client socket " + which + " address is invalid: " + e.getMessage());
        }
    }

    private static int addressSize(InetSocketAddress address) {
        return 1 + address.getAddress().getAddress().length + 2;
    }

    private static void putAddress(ByteBuffer out, InetSocketAddress address) {
        byte[] bytes = address.getAddress().getAddress();
        out.put((byte) bytes.length).put(bytes).putShort((short) address.getPort());
    }

    private static byte[] utf8(String value, String field) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException(field + " is " + bytes.length + " bytes in UTF-8, more than the limit of "
                    + MAX_STRING_BYTES);
        }
        return bytes;
    }

    private static void putString(ByteBuffer out, byte[] utf8) {
        out.putShort((short) utf8.length).put(utf8);
    }

    private static String getString(ByteBuffer in, String field) throws ParameterFileException {
        int length = in.getShort() & 0xFFFF;
        if (length > MAX_STRING_BYTES) {
            throw new ParameterFileException(field + " is " + length + " bytes, more than the limit of " + MAX_STRING_BYTES);
        }
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        String value = StrictUtf8.decode(in.array(), in.arrayOffset() + in.position(), length);
        in.position(in.position() + length);
        if (value == null) {
            throw new ParameterFileException(field + " is not valid UTF-8");
        }
        return value;
    }

    private static Path getPath(ByteBuffer in, String field) throws ParameterFileException {
        String value = getString(in, field);
        if (value.isEmpty()) {
            throw new ParameterFileException(field + " is empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ParameterFileException(field + " is not a valid path: " + e.getReason());
        }
    }

    private static int crc32c(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /** The first bytes of a file, printable ASCII kept and the rest as \xNN, for error messages. */
    private static String printable(byte[] bytes, int count) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < count; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
                text.append((char) b);
            } else {
                text.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
        return text.append('"').toString();
    }
}
