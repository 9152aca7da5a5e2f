package org.bgwcheck.launcher.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C2, the parent's half: the private directory, exclusive 0600 files, no links, the sweep. */
class PrivateTempDirTest {

    private static final long PID = 777;

    @TempDir
    Path data;

    @Test
    void createsTheDirectoryWithMode0700() throws IOException {
        PrivateTempDir dir = PrivateTempDir.open(data, PID);
        assertEquals(data.resolve("pgsql_tmp").toAbsolutePath(), dir.directory());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.directory())));
    }

    @Test
    void acceptsAnExistingPrivateDirectory() throws IOException {
        Files.createDirectory(data.resolve("pgsql_tmp"), PosixFilePermissions.asFileAttribute(FileModes.DIRECTORY_OWNER_ONLY));
        PrivateTempDir.open(data, PID);
    }

    @Test
    void refusesADirectoryOthersCanEnter() throws IOException {
        Path dir = Files.createDirectory(data.resolve("pgsql_tmp"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException e = assertThrows(IOException.class, () -> PrivateTempDir.open(data, PID));
        assertTrue(e.getMessage().contains("is accessible by group or others (mode 0755)"), e.getMessage());
    }

    @Test
    void refusesASymlinkedDirectory() throws IOException {
        Path elsewhere = Files.createDirectory(data.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, FileModes.DIRECTORY_OWNER_ONLY);
        Files.createSymbolicLink(data.resolve("pgsql_tmp"), elsewhere);
        IOException e = assertThrows(IOException.class, () -> PrivateTempDir.open(data, PID));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
    }

    @Test
    void createsParameterFilesExclusivelyWithMode0600() throws IOException {
        PrivateTempDir dir = PrivateTempDir.open(data, PID);
        byte[] contents = "parameters".getBytes(StandardCharsets.US_ASCII);
        Path file = dir.createParameterFile(contents);
        assertTrue(file.getFileName().toString().startsWith("pgsql_tmp.backend_var." + PID + "."), file.toString());
        assertEquals(dir.directory(), file.getParent());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(contents, Files.readAllBytes(file));
        assertFalse(file.equals(dir.createParameterFile(contents)), "every file gets a fresh name");
    }

    @Test
    void refusesAnExistingFileAtTheNameAndLeavesItAlone() throws IOException {
        PrivateTempDir dir = PrivateTempDir.open(data, PID);
        Path planted = nextName(dir);
        Files.writeString(planted, "planted");
        assertThrows(FileAlreadyExistsException.class, () -> dir.createParameterFile(new byte[8]));
        assertEquals("planted", Files.readString(planted));
    }

    @Test
    void neverWritesThroughALinkAtTheName() throws IOException {
        PrivateTempDir dir = PrivateTempDir.open(data, PID);
        Path victim = Files.writeString(data.resolve("victim"), "precious");
        Files.createSymbolicLink(nextName(dir), victim);
        assertThrows(FileAlreadyExistsException.class, () -> dir.createParameterFile(new byte[8]));
        assertEquals("precious", Files.readString(victim));

        Path absent = data.resolve("would-be-created");
        Files.createSymbolicLink(nextName(dir), absent);
        assertThrows(FileAlreadyExistsException.class, () -> dir.createParameterFile(new byte[8]));
        assertFalse(Files.exists(absent, LinkOption.NOFOLLOW_LINKS), "a dangling link must not create its target");
    }

    @Test
    void sweepRemovesStaleParameterFilesAndLinksButNothingElse() throws IOException {
        PrivateTempDir dir = PrivateTempDir.open(data, PID);
        Path tmp = dir.directory();
        Path outside = Files.writeString(data.resolve("outside"), "kept");
        Files.writeString(tmp.resolve("pgsql_tmp.backend_var.1.1"), "stale");
        Files.createSymbolicLink(tmp.resolve("pgsql_tmp.backend_var.1.2"), outside);
        Files.createSymbolicLink(tmp.resolve("pgsql_tmp.backend_var.1.3"), data.resolve("nowhere"));
        Path subdirectory = Files.createDirectory(tmp.resolve("pgsql_tmp.backend_var.dir"));
        Path unrelated = Files.writeString(tmp.resolve("unrelated"), "kept");

        assertEquals(3, dir.sweep());
        assertEquals("kept", Files.readString(outside));
        assertTrue(Files.isDirectory(subdirectory));
        assertTrue(Files.exists(unrelated));
        assertEquals(0, dir.sweep());
    }

    /** The name the next createParameterFile will use (the sequence is JVM-wide and tests run one at a time). */
    private static Path nextName(PrivateTempDir dir) throws IOException {
        Path probe = dir.createParameterFile(new byte[0]);
        Files.delete(probe);
        String name = probe.getFileName().toString();
        long sequence = Long.parseLong(name.substring(name.lastIndexOf('.') + 1));
        return dir.parameterFilePath(sequence + 1);
    }
}
