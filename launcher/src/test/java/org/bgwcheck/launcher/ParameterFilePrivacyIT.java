package org.bgwcheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.param.FileModes;
import org.bgwcheck.launcher.param.PrivateTempDir;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.support.LauncherFixture;
import org.bgwcheck.launcher.support.PropertyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * C2 with real child processes: the parameter file is private (0600 in a 0700 directory, created
 * exclusively, never through a link), removed by the child, refused by the child when others could
 * read it or when it is a link, and stale files are swept before the first launch.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParameterFilePrivacyIT {

    @TempDir
    Path data;

    @Test
    @PropertyCheck(property = "C2", check = "the parameter file is 0600 in a 0700 directory and removed by the child",
            observed = "the child saw mode 0600 in a 0700 directory and the file was gone by the time it reported ready")
    void theChildFindsA0600FileInA0700DirectoryAndRemovesIt() throws Exception {
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            Path file = postmaster.write(postmaster.encode(ChildKind.BACKEND, new byte[16]));
            ChildPipes child = postmaster.spawnRaw(ChildKind.BACKEND, file);
            ReportLine ready = child.awaitReport(ReportLine.READY);
            assertEquals("0600", ready.get("file_mode"));
            assertEquals("0700", ready.get("dir_mode"));
            // No parent-side cleanup on this path: the file is gone because the child removed it.
            assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS), "removed by the time the child is ready");
            assertEquals(0, child.awaitExit().status());
        }
    }

    @Test
    @PropertyCheck(property = "C2", check = "stale parameter files are swept before the first launch",
            observed = "stale files (and links, never their targets) were removed when the launcher started")
    void staleFilesAreSweptBeforeTheFirstLaunch() throws Exception {
        Path tmp = Files.createDirectory(data.resolve(PrivateTempDir.DIRECTORY_NAME),
                PosixFilePermissions.asFileAttribute(FileModes.DIRECTORY_OWNER_ONLY));
        Path outside = Files.writeString(data.resolve("outside"), "not a parameter file");
        Files.writeString(tmp.resolve(PrivateTempDir.PARAMETER_FILE_PREFIX + "1.1"), "stale");
        Files.writeString(tmp.resolve(PrivateTempDir.PARAMETER_FILE_PREFIX + "1.2"), "stale");
        Files.createSymbolicLink(tmp.resolve(PrivateTempDir.PARAMETER_FILE_PREFIX + "1.3"), outside);
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            assertEquals(3, postmaster.launcher().sweptAtStart());
            assertEquals(List.of(), postmaster.leftoverFiles());
            assertEquals("not a parameter file", Files.readString(outside));
            LaunchedChild first = postmaster.launcher().launchChild(ChildKind.BACKEND, new byte[0], null);
            first.awaitReady();
            assertEquals(0, first.awaitExit().status());
        }
    }

    @Test
    @PropertyCheck(property = "C2", check = "a file already at the next name refuses the launch (exclusive creation)",
            observed = "the launch was refused and the existing file left untouched")
    void aFileAlreadyAtTheNextNameRefusesTheLaunchAndIsLeftAlone() throws Exception {
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            Path planted = postmaster.launcher().tempDir().parameterFilePath(nextSequence(postmaster));
            Files.writeString(planted, "planted by someone else");
            ChildLaunchException e = assertThrows(ChildLaunchException.class,
                    () -> postmaster.launcher().launchChild(ChildKind.BACKEND, new byte[0], null));
            assertTrue(e.getMessage().contains("\"" + planted + "\" already exists; refusing to reuse or follow it"),
                    e.getMessage());
            assertEquals("planted by someone else", Files.readString(planted));
            assertLauncherStillWorks(postmaster);
        }
    }

    @Test
    @PropertyCheck(property = "C2", check = "a link at the next name refuses the launch and its target is never written",
            observed = "the launch was refused; the link target kept its contents")
    void aLinkAtTheNextNameRefusesTheLaunchAndItsTargetIsUntouched() throws Exception {
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            Path victim = Files.writeString(data.resolve("victim"), "precious");
            Path link = postmaster.launcher().tempDir().parameterFilePath(nextSequence(postmaster));
            Files.createSymbolicLink(link, victim);
            assertThrows(ChildLaunchException.class,
                    () -> postmaster.launcher().launchChild(ChildKind.BACKEND, new byte[64], null));
            assertEquals("precious", Files.readString(victim));
            assertLauncherStillWorks(postmaster);
        }
    }

    @Test
    @PropertyCheck(property = "C2", check = "the child refuses a parameter file others can read",
            observed = "the child exited 1 with one FATAL line and never reported ready")
    void theChildRefusesAFileOthersCanRead() throws Exception {
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            Path file = postmaster.write(postmaster.encode(ChildKind.BACKEND, new byte[16]));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            ChildExit exit = postmaster.spawnRaw(ChildKind.BACKEND, file).awaitExit();
            LauncherFixture.assertRefused(exit, "backend",
                    "parameter file \"" + file + "\" is accessible by group or others (mode 0644); refusing it");
            assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS), "a refused file is removed too");
        }
    }

    @Test
    @PropertyCheck(property = "C2", check = "the child refuses a parameter file reached through a symbolic link",
            observed = "the child exited 1 with one FATAL line; the link target was untouched")
    void theChildRefusesALinkedFileAndLeavesTheTargetAlone() throws Exception {
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            Path target = postmaster.write(postmaster.encode(ChildKind.BACKEND, new byte[16]));
            Path link = target.resolveSibling(PrivateTempDir.PARAMETER_FILE_PREFIX + "link");
            Files.createSymbolicLink(link, target);
            ChildExit exit = postmaster.spawnRaw(ChildKind.BACKEND, link).awaitExit();
            LauncherFixture.assertRefused(exit, "backend", "parameter file \"" + link + "\" is a symbolic link; refusing it");
            assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
            assertTrue(Files.exists(target), "the link's target is not the child's to remove");
        }
    }

    /** The sequence number the launcher's next parameter file will get. */
    private static long nextSequence(LauncherFixture postmaster) throws Exception {
        LaunchedChild child = postmaster.launcher().launchChild(ChildKind.SYSLOGGER, new byte[0], null);
        assertEquals(0, child.awaitExit().status());
        String name = child.parameterFile().getFileName().toString();
        return Long.parseLong(name.substring(name.lastIndexOf('.') + 1)) + 1;
    }

    private static void assertLauncherStillWorks(LauncherFixture postmaster) throws Exception {
        LaunchedChild child = postmaster.launcher().launchChild(ChildKind.BACKEND, new byte[8], null);
        child.awaitReady();
        assertEquals(0, child.awaitExit().status());
    }
}
