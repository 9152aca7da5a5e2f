package org.bgwcheck.launcher.param;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * The child's half of C2, the file-handling part of {@code read_backend_variables}: read the
 * parameter file named on the command line, then remove it.
 *
 * <p>The child trusts a file only if it is a regular file (not a link), readable and writable by
 * its owner alone, in a directory that is not a link and that only its owner can enter. The file
 * is opened with {@code O_NOFOLLOW}, so a link swapped in after the check is still refused. Once
 * the directory has been found private, the entry is removed whatever its contents turn out to
 * be: a parameter file is single-use, and a refused one must not linger. A file whose directory is
 * not private, or whose name is not a parameter file's, is left untouched: the child may have been
 * handed a path that is not the postmaster's to remove.
 */
public final class ParameterFileReader {

    private ParameterFileReader() {
    }

    /**
     * Reads and removes the parameter file.
     *
     * @throws ParameterFileException with a one-line reason if the file is refused or unreadable
     */
    public static ConsumedParameterFile consume(Path file) throws ParameterFileException {
        Path path = file.toAbsolutePath();
        Path fileName = path.getFileName();
        if (fileName == null || !fileName.toString().startsWith(PrivateTempDir.PARAMETER_FILE_PREFIX)) {
            throw new ParameterFileException("\"" + path + "\" is not named like a parameter file ("
                    + PrivateTempDir.PARAMETER_FILE_PREFIX + "*); refusing it");
        }
        String directoryMode = checkDirectory(path);
        ConsumedParameterFile consumed;
        try {
            consumed = read(path, directoryMode);
        } catch (ParameterFileException e) {
            removeAfterRefusal(path);
            throw e;
        }
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new ParameterFileException("could not remove parameter file \"" + path + "\": " + IoErrors.reason(e));
        }
        return consumed;
    }

    private static String checkDirectory(Path path) throws ParameterFileException {
        Path directory = path.getParent();
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new ParameterFileException("could not examine directory of parameter file \"" + path + "\": "
                    + IoErrors.reason(e));
        }
        if (!attributes.isDirectory()) {
            throw new ParameterFileException("directory of parameter file \"" + path + "\" is "
                    + (attributes.isSymbolicLink() ? "a symbolic link" : "not a directory") + "; refusing it");
        }
        if (!FileModes.ownerOnly(attributes.permissions())) {
            throw new ParameterFileException("directory \"" + directory + "\" is accessible by group or others (mode "
                    + FileModes.octal(attributes.permissions()) + "); refusing parameter file \"" + path + "\"");
        }
        return FileModes.octal(attributes.permissions());
    }

    private static ConsumedParameterFile read(Path path, String directoryMode) throws ParameterFileException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new ParameterFileException("could not open parameter file \"" + path + "\": no such file");
        } catch (IOException e) {
            throw new ParameterFileException("could not open parameter file \"" + path + "\": " + IoErrors.reason(e));
        }
        if (attributes.isSymbolicLink()) {
            throw new ParameterFileException("parameter file \"" + path + "\" is a symbolic link; refusing it");
        }
        if (!attributes.isRegularFile()) {
            throw new ParameterFileException("parameter file \"" + path + "\" is not a regular file; refusing it");
        }
        if (!FileModes.ownerOnly(attributes.permissions())) {
            throw new ParameterFileException("parameter file \"" + path + "\" is accessible by group or others (mode "
                    + FileModes.octal(attributes.permissions()) + "); refusing it");
        }
        byte[] contents;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > BackendParametersCodec.MAX_FILE_SIZE) {
                throw new ParameterFileException("parameter file \"" + path + "\" is " + size
                        + " bytes, more than the largest valid one (" + BackendParametersCodec.MAX_FILE_SIZE + " bytes)");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new ParameterFileException("parameter file \"" + path + "\" shrank while being read");
                }
            }
            contents = buffer.array();
        } catch (IOException e) {
            throw new ParameterFileException("could not read parameter file \"" + path + "\": " + IoErrors.reason(e));
        }
        return new ConsumedParameterFile(contents, FileModes.octal(attributes.permissions()), directoryMode);
    }

    private static void removeAfterRefusal(Path path) {
        try {
            Files.deleteIfExists(path); // never follows a link: removes the link itself
        } catch (IOException ignored) {
            // The refusal is what gets reported; the sweep at the next postmaster start removes it.
        }
    }
}
