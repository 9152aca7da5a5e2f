package org.bgwcheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.launcher.bench.BareChildMain;
import org.bgwcheck.launcher.exec.ChildJvm;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.support.LauncherFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child JVM's AppCDS archive: the one the build dumped is valid and really serves the
 * launcher's classes; a stale one is detected and left out, and children still start.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChildJvmIT {

    @TempDir
    Path scratch;

    @Test
    void theBuildsArchiveIsUsedForTheLaunchersClasses() throws Exception {
        ChildJvm childJvm = LauncherFixture.childJvm();
        Path archive = childJvm.cdsArchive().orElse(null);
        assertNotNull(archive, "the build dumps " + ChildJvm.archiveFor(childJvm.jar()) + " and it must be valid");
        Process process = new ProcessBuilder(ChildJvm.currentJava().toString(), "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "-cp", childJvm.jar().toString(),
                BareChildMain.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains(BareChildMain.class.getName() + " source: shared objects file"), output);
    }

    @Test
    void aStaleArchiveIsLeftOutAndChildrenStillStart() throws Exception {
        ChildJvm built = LauncherFixture.childJvm();
        // A copy of the jar at another path no longer matches the class path recorded in the archive.
        Path jar = Files.copy(built.jar(), scratch.resolve("copy.jar"));
        Path archive = Files.copy(ChildJvm.archiveFor(built.jar()), ChildJvm.archiveFor(jar));
        ChildJvm stale = ChildJvm.of(ChildJvm.currentJava(), jar, archive);
        assertFalse(stale.cdsArchive().isPresent(), "the probe must reject a stale archive");

        ChildPipes bare = new ChildPipes(stale.command(BareChildMain.class.getName()).start());
        assertNotNull(bare.awaitReport(ReportLine.READY));
        ChildExit exit = bare.awaitExit();
        assertEquals(0, exit.status(), exit.stderr());
        assertEquals(List.of(), exit.otherOutput(), "nothing but reports on stdout, even without an archive");
    }
}
