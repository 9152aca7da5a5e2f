package org.bgwcheck.launcher.param;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Unix permission bits as the parent creates them and the child checks them. */
public final class FileModes {

    /** 0600: the parameter file. */
    public static final Set<PosixFilePermission> FILE_OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** 0700: the private temp directory. */
    public static final Set<PosixFilePermission> DIRECTORY_OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private FileModes() {
    }

    /** True when neither group nor others have any permission. */
    public static boolean ownerOnly(Set<PosixFilePermission> permissions) {
        for (PosixFilePermission permission : permissions) {
            if (permission != PosixFilePermission.OWNER_READ && permission != PosixFilePermission.OWNER_WRITE
                    && permission != PosixFilePermission.OWNER_EXECUTE) {
                return false;
            }
        }
        return true;
    }

    /** The permissions as a four-digit octal string, the way {@code ls} users read them: "0600". */
    public static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        String digits = Integer.toOctalString(mode);
        return "0000".substring(digits.length()) + digits;
    }
}
