package org.bgwcheck.launcher.param;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The postmaster's private temp directory, {@code <data directory>/pgsql_tmp}, and the parameter
 * files in it: the parent's half of C2.
 *
 * <p>PostgreSQL writes parameter files with {@code AllocateFile(name, "wb")}, which would follow a
 * symbolic link planted at the name and truncate whatever it points to. Here a file is created
 * with {@code O_CREAT|O_EXCL} semantics ({@link StandardOpenOption#CREATE_NEW}, which also refuses
 * a link at the name), without following links, mode 0600, in a directory that is 0700 and not a
 * link itself.
 */
public final class PrivateTempDir {

    /** {@code PG_TEMP_FILES_DIR}'s last component. */
    public static final String DIRECTORY_NAME = "pgsql_tmp";
    /** {@code PG_TEMP_FILE_PREFIX ".backend_var."}: every parameter file's name starts with it. */
    public static final String PARAMETER_FILE_PREFIX = "pgsql_tmp.backend_var.";

    /**
     * {@code tmpBackendFileNum}. JVM-wide, like the C static, so that a postmaster restarted in the
     * same JVM (same pid) never reuses a name that an earlier incarnation's child may still hold.
     */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private static final Set<OpenOption> CREATE_EXCLUSIVE = Set.of(
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private final Path directory;
    private final long postmasterPid;

    private PrivateTempDir(Path directory, long postmasterPid) {
        this.directory = directory;
        this.postmasterPid = postmasterPid;
    }

    /**
     * Creates {@code <dataDirectory>/pgsql_tmp} with mode 0700, or checks that the existing one is
     * a real directory that only its owner can use.
     *
     * @throws IOException if the directory cannot be created or is not private
     */
    public static PrivateTempDir open(Path dataDirectory, long postmasterPid) throws IOException {
        Path directory = dataDirectory.toAbsolutePath().resolve(DIRECTORY_NAME);
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(FileModes.DIRECTORY_OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // Checked below, like any existing directory.
        }
        PosixFileAttributes attributes =
                Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new IOException("temp directory \"" + directory + "\" is "
                    + (attributes.isSymbolicLink() ? "a symbolic link" : "not a directory")
                    + "; refusing to write parameter files there");
        }
        if (!FileModes.ownerOnly(attributes.permissions())) {
            throw new IOException("temp directory \"" + directory + "\" is accessible by group or others (mode "
                    + FileModes.octal(attributes.permissions()) + "); make it 0700 or remove it");
        }
        return new PrivateTempDir(directory, postmasterPid);
    }

    public Path directory() {
        return directory;
    }

    /**
     * Removes every stale parameter file (regular file or link, never a link's target) left by an
     * earlier postmaster: the part of {@code RemovePgTempFiles()} that runs at postmaster start,
     * before the first child is launched. Other names are left alone.
     *
     * @return how many entries were removed
     */
    public int sweep() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, PARAMETER_FILE_PREFIX + "*")) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** The name of the parameter file with this sequence number: {@code %s.backend_var.%d.%lu}. */
    public Path parameterFilePath(long sequence) {
        return directory.resolve(PARAMETER_FILE_PREFIX + postmasterPid + "." + sequence);
    }

    /**
     * Writes a new parameter file under the next sequence number: created exclusively, mode
     * 0600, never through a link. A partially written file is removed.
     *
     * @throws FileAlreadyExistsException if anything, a link included, already has the name
     */
    public Path createParameterFile(byte[] contents) throws IOException {
        Path file = parameterFilePath(SEQUENCE.incrementAndGet());
        // Opened outside the try: if the name is taken, the file there is not ours to delete.
        SeekableByteChannel channel = Files.newByteChannel(file, CREATE_EXCLUSIVE,
                PosixFilePermissions.asFileAttribute(FileModes.FILE_OWNER_ONLY));
        boolean complete = false;
        try (channel) {
            ByteBuffer buffer = ByteBuffer.wrap(contents);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            complete = true;
        } finally {
            if (!complete) {
                deletePartial(file);
            }
        }
        return file;
    }

    private static void deletePartial(Path file) {
        try {
            // Only reached after CREATE_NEW succeeded: the name is ours.
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The sweep at the next postmaster start removes it.
        }
    }
}
