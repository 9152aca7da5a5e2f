package org.bgwcheck.launcher.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;

class FileModesTest {

    @Test
    void octalMatchesLs() {
        assertEquals("0600", FileModes.octal(FileModes.FILE_OWNER_ONLY));
        assertEquals("0700", FileModes.octal(FileModes.DIRECTORY_OWNER_ONLY));
        assertEquals("0754", FileModes.octal(PosixFilePermissions.fromString("rwxr-xr--")));
        assertEquals("0000", FileModes.octal(PosixFilePermissions.fromString("---------")));
    }

    @Test
    void ownerOnlyMeansNoGroupOrOtherBit() {
        assertTrue(FileModes.ownerOnly(PosixFilePermissions.fromString("rwx------")));
        assertTrue(FileModes.ownerOnly(PosixFilePermissions.fromString("r--------")));
        assertFalse(FileModes.ownerOnly(PosixFilePermissions.fromString("rw----r--")));
        assertFalse(FileModes.ownerOnly(PosixFilePermissions.fromString("rw-r-----")));
    }
}
