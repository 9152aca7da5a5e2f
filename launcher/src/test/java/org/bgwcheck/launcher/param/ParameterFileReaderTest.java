package org.bgwcheck.launcher.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C2, the child's half, in-process: what the child accepts, refuses, and removes. */
class ParameterFileReaderTest {

    @TempDir
    Path data;

    private PrivateTempDir dir;

    @BeforeEach
    void openTempDir() throws IOException {
        dir = PrivateTempDir.open(data, 99);
    }

    @Test
    void readsAndRemovesAPrivateFile() throws Exception {
        byte[] contents = {1, 2, 3, 4, 5};
        Path file = dir.createParameterFile(contents);
        ConsumedParameterFile consumed = ParameterFileReader.consume(file);
        assertArrayEquals(contents, consumed.contents());
        assertEquals("0600", consumed.fileMode());
        assertEquals("0700", consumed.directoryMode());
        assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void refusesAndRemovesAFileOthersCanRead() throws IOException {
        Path file = dir.createParameterFile(new byte[30]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("parameter file \"" + file + "\" is accessible by group or others (mode 0644); refusing it",
                refusal(file));
        assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void refusesALinkAndRemovesOnlyTheLink() throws IOException {
        Path target = dir.createParameterFile(new byte[30]);
        Path link = dir.directory().resolve(PrivateTempDir.PARAMETER_FILE_PREFIX + "link");
        Files.createSymbolicLink(link, target);
        assertEquals("parameter file \"" + link + "\" is a symbolic link; refusing it", refusal(link));
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(target), "the link's target is not the child's to remove");
    }

    @Test
    void refusesAFileInADirectoryOthersCanEnterAndLeavesItThere() throws IOException {
        Path file = dir.createParameterFile(new byte[30]);
        Files.setPosixFilePermissions(dir.directory(), PosixFilePermissions.fromString("rwxr-x---"));
        assertTrue(refusal(file).contains("is accessible by group or others (mode 0750); refusing parameter file"));
        assertTrue(Files.exists(file));
    }

    @Test
    void refusesANameThatIsNotAParameterFilesAndLeavesItThere() throws IOException {
        Path file = Files.writeString(dir.directory().resolve("postmaster.pid"), "4242");
        assertTrue(refusal(file).endsWith("is not named like a parameter file (pgsql_tmp.backend_var.*); refusing it"));
        assertTrue(Files.exists(file));
    }

    @Test
    void reportsAMissingFile() {
        Path file = dir.parameterFilePath(Long.MAX_VALUE);
        assertEquals("could not open parameter file \"" + file + "\": no such file", refusal(file));
    }

    @Test
    void refusesAndRemovesAFileLargerThanAnyValidOne() throws IOException {
        Path file = dir.createParameterFile(new byte[0]);
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(BackendParametersCodec.MAX_FILE_SIZE + 1);
        }
        assertTrue(refusal(file).contains("more than the largest valid one"));
        assertFalse(Files.exists(file));
    }

    private static String refusal(Path file) {
        return assertThrows(ParameterFileException.class, () -> ParameterFileReader.consume(file)).getMessage();
    }
}
