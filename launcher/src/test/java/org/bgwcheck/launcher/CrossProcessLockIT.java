package org.bgwcheck.launcher;

import static org.bgwcheck.launcher.cluster.LiveCluster.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.cluster.LiveCluster;
import org.bgwcheck.launcher.cluster.LiveCluster.Backend;
import org.bgwcheck.launcher.cluster.LiveCluster.CheckResult;
import org.bgwcheck.launcher.cluster.LiveCluster.Event;
import org.bgwcheck.launcher.shm.LockTorture;
import org.bgwcheck.launcher.support.Checks;
import org.bgwcheck.launcher.support.ClusterRun;
import org.bgwcheck.launcher.support.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code BackgroundWorkerLock} between real processes: the lock word alone keeps plain updates of
 * shared memory exact and untorn across JVMs, and backends racing to register into a small array
 * never share a slot, never exceed it, and leave the counters exact.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrossProcessLockIT {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    @TempDir
    Path data;

    @Test
    void theLockWordKeepsPlainUpdatesExactAcrossProcesses() throws Exception {
        int processes = 3;
        int rounds = TestProfile.deep() ? 200_000 : 20_000;
        Path file = Files.write(data.resolve("lock"), new byte[LockTorture.SIZE]);
        Checks.run("S5", "BackgroundWorkerLock across processes: no lost update, no torn read (what keeps the register count exact)", () -> {
            List<ChildPipes> children = new ArrayList<>();
            List<java.io.OutputStream> goSignals = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                Process p = LiveCluster.childJvm().command(LockTorture.class.getName(), file.toString(),
                        Integer.toString(rounds)).start();
                children.add(new ChildPipes(p));
                assertEquals("ready", children.get(i).nextLine());
                goSignals.add(p.getOutputStream());
            }
            for (var go : goSignals) {
                go.write('g');
                go.flush();
            }
            List<String> reports = new ArrayList<>();
            for (ChildPipes child : children) {
                ChildExit exit = child.awaitExit();
                assertEquals(0, exit.status(), exit.reports() + " " + exit.stderr());
                var report = exit.report("torture");
                assertEquals("0", report == null ? null : report.get("torn"), "torn reads seen: " + exit.reports());
                reports.add(report.toString());
            }
            int counter;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                var map = channel.map(FileChannel.MapMode.READ_ONLY, 0, LockTorture.SIZE).order(ByteOrder.nativeOrder());
                counter = (int) INT.getVolatile(map, LockTorture.COUNTER);
                assertEquals(0, (int) INT.getVolatile(map, LockTorture.LOCK), "the lock is free at the end");
            }
            assertEquals(processes * rounds, counter, "increments under the lock: " + reports);
            return processes + " JVMs x " + rounds + " plain increments under EXCLUSIVE = " + counter
                    + " exactly; no SHARED reader saw a torn pair " + reports;
        });
    }

    @Test
    void backendsRacingToRegisterNeverShareASlotOrOverfillTheArray() throws Exception {
        int slots = 6;
        int backends = 4;
        int each = 4;
        LiveCluster.Options options = LiveCluster.Options.in(data).slots(slots, 4).initialState("hot_standby");
        try (ClusterRun run = ClusterRun.start("s6-registration-race", options)) {
            LiveCluster c = run.cluster();
            Checks.run("S6", "backends racing to register into a full array: distinct slots, never more than max_worker_processes", () -> {
                List<Backend> started = new ArrayList<>();
                for (int b = 0; b < backends; b++) {
                    SessionScript.Builder s = SessionScript.builder().pause("go");
                    List<String> labels = new ArrayList<>();
                    for (int w = 0; w < each; w++) {
                        String label = "b" + b + "w" + w;
                        // RECOVERY_FINISHED: in hot standby none is launched, the race is between backends only
                        s.register(WorkerSpec.dynamic(label));
                        labels.add(label);
                    }
                    // Hold the registrations until every backend is done registering: slots are freed
                    // (and legitimately reused) only by the terminations after the second pause.
                    s.pause("registered");
                    labels.forEach(s::terminate);
                    labels.forEach(s::waitShutdown);
                    started.add(c.startBackend(s.build()));
                }
                for (Backend b : started) {
                    b.await("paused", null);
                }
                int from = c.mark();
                started.forEach(Backend::resume); // all register at once
                for (Backend b : started) {
                    String pid = Integer.toString(b.pid());
                    c.awaitFrom(from, "backend " + pid + " registered", l -> l.tag().equals("bk")
                            && pid.equals(l.get("pid")) && "paused".equals(l.get("op")) && "registered".equals(l.get("tag")));
                }
                Set<String> handles = new HashSet<>();
                int accepted = 0;
                for (Event e : c.events(l -> l.tag().equals("bk") && "registered".equals(l.get("op")))) {
                    if (e.index() >= from && "true".equals(e.get("ok"))) {
                        accepted++;
                        assertTrue(handles.add(e.get("slot") + "/" + e.get("gen")), "handle given twice: " + e);
                    }
                }
                assertEquals(slots, accepted, "every slot used once, no more");
                CheckResult full = c.check();
                assertTrue(full.ok(), full.toString());
                assertEquals(slots, full.summary().intValue("in_use"), full.toString());
                started.forEach(Backend::resume); // now terminate and wait
                for (Backend b : started) {
                    assertEquals(0, b.awaitExit());
                }
                for (Event e : c.events(l -> l.tag().equals("bk") && "shutdown".equals(l.get("op")))) {
                    assertEquals("STOPPED", e.get("result"), e.toString());
                }
                CheckResult check = c.check();
                assertTrue(check.ok(), check.toString());
                assertEquals(0, check.summary().intValue("in_use"), check.toString());
                return backends + " backend processes raced " + (backends * each) + " registrations into " + slots
                        + " slots: " + accepted + " accepted with distinct handles " + handles + ", the rest refused, the"
                        + " postmaster's check agreeing (" + full.summary().get("in_use") + " in use); terminating the"
                        + " never-started workers answered STOPPED and freed every slot";
            });
            assertTrue(c.events(match("worker_launched")).isEmpty(), "nothing was launched in hot standby");
            c.shutdown(ShutdownMode.FAST);
        }
    }
}
