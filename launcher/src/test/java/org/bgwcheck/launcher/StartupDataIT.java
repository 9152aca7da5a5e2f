package org.bgwcheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerCodec;
import org.bgwcheck.launcher.bgworker.BgWorkerFunctionLookup;
import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.param.BackendParametersCodec;
import org.bgwcheck.launcher.report.ChildReport;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.support.LauncherFixture;
import org.bgwcheck.launcher.support.TestGlobals;
import org.bgwcheck.launcher.support.TestProfile;
import org.bgwcheck.launcher.support.PropertyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * C1 with real child processes: every child receives exactly the startup data it was launched
 * with, and the kind it was launched as. The child echoes a 64-bit digest (CRC-32 and CRC-32C) and the
 * length of what it decoded; the parent compares them with its own digest of what it sent.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartupDataIT {

    /** Children in flight at once: enough to overlap JVM start-ups, few enough for 2 cores. */
    private static final int BATCH = 4;

    @TempDir
    Path data;

    @Test
    @PropertyCheck(property = "C1", check = "startup data arrives byte for byte (0 B to 1 MiB and random sizes)",
            observed = "each child echoed the length and CRC-32+CRC-32C digest the parent computed over what it sent; no parameter file was left behind")
    void startupDataArrivesByteForByte() throws Exception {
        Random random = TestProfile.random("startupDataArrivesByteForByte");
        List<Integer> sizes = new ArrayList<>(List.of(0, 1, 2, 7, 255, 4096, 65535, 65536, 65537, 1 << 20));
        for (int i = 0; i < (TestProfile.deep() ? 40 : 6); i++) {
            sizes.add(random.nextInt(1 << (1 + random.nextInt(20))));
        }
        if (TestProfile.deep()) {
            sizes.add(16 << 20);
            sizes.add(BackendParametersCodec.MAX_STARTUP_DATA_LENGTH);
        }
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            for (int from = 0; from < sizes.size(); from += BATCH) {
                List<byte[]> blobs = new ArrayList<>();
                List<LaunchedChild> children = new ArrayList<>();
                for (int size : sizes.subList(from, Math.min(from + BATCH, sizes.size()))) {
                    byte[] blob = new byte[size];
                    random.nextBytes(blob);
                    blobs.add(blob);
                    children.add(postmaster.launcher().launchChild(ChildKind.BACKEND, blob, null));
                }
                for (int i = 0; i < children.size(); i++) {
                    assertReceived(children.get(i), ChildKind.BACKEND, blobs.get(i));
                }
            }
            assertEquals(List.of(), postmaster.leftoverFiles());
        }
    }

    @Test
    @PropertyCheck(property = "C1", check = "every child kind arrives as launched, with shared memory exactly when its kind attaches",
            observed = "ready and received lines named the launched kind; shared memory was mapped by backend, bgworker and checkpointer, not by syslogger")
    void everyKindArrivesAsLaunchedWithItsSharedMemory() throws Exception {
        Random random = TestProfile.random("everyKindArrivesAsLaunchedWithItsSharedMemory");
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            List<byte[]> blobs = new ArrayList<>();
            List<LaunchedChild> children = new ArrayList<>();
            for (ChildKind kind : ChildKind.values()) {
                byte[] blob;
                if (kind == ChildKind.BGWORKER) {
                    blob = BackgroundWorkerCodec.encode(BackgroundWorker.named("noop")
                            .withEntryPoint(BgWorkerFunctionLookup.INTERNAL_LIBRARY, "NoopWorkerMain")
                            .withMainArg(random.nextLong()));
                } else {
                    blob = new byte[random.nextInt(300)];
                    random.nextBytes(blob);
                }
                blobs.add(blob);
                children.add(postmaster.launcher().launchChild(kind, blob, null));
            }
            for (int i = 0; i < children.size(); i++) {
                LaunchedChild child = children.get(i);
                ReportLine ready = assertReceived(child, child.kind(), blobs.get(i));
                assertEquals(child.kind().attachesSharedMemory() ? Integer.toString(LauncherFixture.SHARED_MEMORY_SIZE) : "none",
                        ready.get("shmem"), child.kind().childName());
            }
        }
    }

    @Test
    @PropertyCheck(property = "C1", check = "a backend receives its client socket addresses (IPv4, IPv6, none)",
            observed = "each backend reported exactly the local and remote endpoints it was launched with")
    void theClientSocketsAddressesArrive() throws Exception {
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            LaunchedChild v4 = postmaster.launcher().launchChild(ChildKind.BACKEND, new byte[4], TestGlobals.loopbackV4());
            LaunchedChild v6 = postmaster.launcher().launchChild(ChildKind.BACKEND, new byte[4], TestGlobals.loopbackV6());
            LaunchedChild none = postmaster.launcher().launchChild(ChildKind.BACKEND, new byte[4], null);
            assertEquals("client local=127.0.0.1:5432 remote=127.0.0.2:40001", clientLine(v4));
            assertEquals("client local=[0:0:0:0:0:0:0:1]:5433 remote=[fe80:0:0:0:0:0:0:1]:65535", clientLine(v6));
            assertEquals("client socket=none", clientLine(none));
        }
    }

    @Test
    void aMissingSharedMemoryFileStopsOnlyTheKindsThatAttach() throws Exception {
        try (LauncherFixture postmaster = LauncherFixture.start(data)) {
            Files.delete(postmaster.launcher().globals().sharedMemoryFile());
            LaunchedChild checkpointer = postmaster.launcher().launchChild(ChildKind.CHECKPOINTER, new byte[0], null);
            LaunchedChild syslogger = postmaster.launcher().launchChild(ChildKind.SYSLOGGER, new byte[0], null);
            LauncherFixture.assertRefused(checkpointer.awaitExit(), "checkpointer", "could not attach to shared memory file");
            assertEquals(0, syslogger.awaitExit().status());
        }
    }

    private static ReportLine assertReceived(LaunchedChild child, ChildKind kind, byte[] blob) throws Exception {
        ReportLine ready = child.awaitReady();
        ChildExit exit = child.awaitExit();
        assertEquals(0, exit.status(), exit.stderr());
        ReportLine received = exit.report(ReportLine.RECEIVED);
        assertNotNull(received, "no received line from " + kind.childName());
        assertEquals(kind.childName(), ready.get("kind"));
        assertEquals(kind.childName(), received.get("kind"));
        assertEquals(Integer.toString(blob.length), received.get("startup_bytes"));
        assertEquals(ChildReport.digest(blob), received.get("startup_digest"), "startup data of " + blob.length + " bytes");
        assertEquals(Long.toString(ProcessHandle.current().pid()), received.get("postmaster"));
        assertEquals(Integer.toString(LauncherFixture.GUCS.maxWorkerProcesses()), received.get("max_worker_processes"));
        assertEquals(Integer.toString(LauncherFixture.GUCS.maxParallelWorkers()), received.get("max_parallel_workers"));
        return ready;
    }

    private static String clientLine(LaunchedChild child) throws Exception {
        ChildExit exit = child.awaitExit();
        assertEquals(0, exit.status(), exit.stderr());
        return exit.report("client").toString();
    }
}
