package org.bgwcheck.launcher.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.bgwcheck.launcher.cluster.LiveCluster.Event;
import org.bgwcheck.launcher.report.ReportLine;
import org.junit.jupiter.api.Test;

/**
 * The soak's own judgements (S3 from the backends' answers and the workers' exits, L1, C1, the
 * postmaster's violations) flag broken runs and pass correct ones; fed with hand-made report lines
 * as the postmaster writes them.
 */
class SoakObserverTest {

    private final SoakObserver observer = new SoakObserver(1);
    private final List<Event> events = new ArrayList<>();

    private void feed(ReportLine... lines) {
        List<Event> batch = new ArrayList<>();
        for (ReportLine line : lines) {
            Event e = new Event(events.size(), events.size() * 1000L, line);
            events.add(e);
            batch.add(e);
        }
        observer.absorb(batch);
    }

    private static ReportLine launched(String name, int pid) {
        return ReportLine.of("worker_launched").with("pid", pid).with("slot", 0).with("name", name).with("parallel", "false");
    }

    private static ReportLine bk(int backend, String op, String label) {
        return ReportLine.of("bk").with("pid", backend).with("op", op).with("as", label);
    }

    private static ReportLine answer(int backend, String op, String label, int workerPid) {
        return bk(backend, op, label).with("result", "STARTED").with("worker_pid", workerPid);
    }

    private static ReportLine exited(int pid, String name, int status) {
        return ReportLine.of("child_exited").with("pid", pid).with("kind", "bgworker").with("status", status).with("name", name);
    }

    private List<String> properties() {
        List<String> out = new ArrayList<>();
        for (Finding f : observer.findings()) {
            out.add(f.property());
        }
        return out;
    }

    @Test
    void aHandleAnsweringWithItsOwnWorkerPasses() {
        feed(launched("a", 10), answer(1, "startup", "a", 10), answer(1, "status", "a", 10));
        observer.judgeTerminations();
        assertEquals(List.of(), observer.findings());
        assertEquals(2, observer.handleReports);
    }

    @Test
    void aStaleHandleAnsweringWithTheNextRegistrationsWorkerIsAnS3Violation() {
        feed(launched("a", 10), exited(10, "a", 1), launched("b", 11), bk(1, "terminated", "a"),
                answer(1, "status", "a", 11));
        assertEquals(List.of("S3"), properties());
        assertTrue(observer.findings().get(0).text().contains("which runs worker \"b\""), observer.findings().toString());
    }

    @Test
    void aNotificationToABackendThatHasExitedIsAnL3Violation() {
        feed(ReportLine.of("backend_started").with("id", 1).with("pid", 5),
                ReportLine.of("child_exited").with("pid", 5).with("kind", "backend").with("status", 0).with("name", "-"),
                ReportLine.of("kill_unknown_pid").with("pid", 5).with("sig", "SIGUSR1"));
        assertEquals(List.of("L3"), properties());
        assertTrue(observer.findings().get(0).text().contains("backend that exited at"), observer.findings().toString());
    }

    @Test
    void aWorkerTheControllerSignalledMayExitWithSigterm() {
        feed(launched("a", 10), ReportLine.of("signalled").with("pid", 10).with("sig", "SIGTERM").with("sent", "true"),
                exited(10, "a", 1));
        observer.judgeTerminations();
        assertEquals(List.of(), observer.findings());
    }

    @Test
    void aPidNobodyLaunchedIsAnS3Violation() {
        feed(launched("a", 10), answer(1, "startup", "a", 99));
        assertEquals(List.of("S3"), properties());
        assertTrue(observer.findings().get(0).text().contains("the postmaster never launched"));
    }

    @Test
    void aWorkerTerminatedThroughAnotherHandleIsAnS3Violation() {
        // Backend 1 terminates its stopped "a" again; the slot now holds "b", whose worker dies of it.
        feed(bk(1, "registered", "a").with("ok", "true").with("parallel", "false").with("slot", 0).with("gen", 1),
                launched("a", 10), bk(1, "terminated", "a"), exited(10, "a", 1),
                bk(2, "registered", "b").with("ok", "true").with("parallel", "false").with("slot", 0).with("gen", 2),
                launched("b", 11), bk(1, "terminated", "a"), exited(11, "b", 1));
        assertEquals(List.of(), observer.findings(), "judged only at a quiescent point");
        observer.judgeTerminations();
        assertEquals(List.of("S3"), properties());
        String text = observer.findings().get(0).text();
        assertTrue(text.contains("\"b\" (pid 11, slot 0 gen 2) exited 1"), text);
        assertTrue(text.contains("backend 1 terminated \"a\" (slot 0 gen 1)"), "names the suspect: " + text);
    }

    @Test
    void aTerminationWhoseReportArrivesAfterTheExitPasses() {
        feed(launched("b", 11), exited(11, "b", 1), bk(2, "terminated", "b"));
        observer.judgeTerminations();
        assertEquals(List.of(), observer.findings());
    }

    @Test
    void terminationsBySoakShutdownOrCrashRestartPass() {
        observer.signalledBySoak(12);
        feed(launched("c", 12), exited(12, "c", 1));
        feed(ReportLine.of("crash").with("pid", 3).with("kind", "backend").with("status", 137), launched("d", 13),
                exited(13, "d", 1), ReportLine.of("reinitialized").with("crash_restarts", 1));
        feed(ReportLine.of("shutdown_requested").with("mode", "FAST"), launched("e", 14), exited(14, "e", 1));
        observer.judgeTerminations();
        assertEquals(List.of(), observer.findings());
        assertEquals(3, observer.terminationsJudged);
    }

    @Test
    void aBackendGivingUpItsWaitIsAnL1Violation() {
        feed(bk(1, "fatal", "x").with("reason", "wait_budget_exceeded"));
        assertEquals(List.of("L1"), properties());
    }

    @Test
    void wrongStartupDataAndThePostmastersOwnViolationsAreReported() {
        feed(ReportLine.of("c1").with("pid", 5).with("kind", "bgworker").with("ok", "false"),
                ReportLine.of("violation").with("id", "c3").with("property", "S5").with("text", "register+3+terminate+1"),
                ReportLine.of("check").with("id", "c3").with("ok", "false"));
        assertEquals(List.of("C1", "S5"), properties());
        assertEquals(1, observer.checksFailed);
    }

    @Test
    void aBackendIsAtRestWhenPausedUnresumedOrGone() {
        feed(ReportLine.of("backend_started").with("id", 1).with("pid", 7));
        assertFalse(observer.allBackendsAtRest());
        feed(bk(7, "paused", "-"));
        assertTrue(observer.allBackendsAtRest());
        observer.backends.get(7).resumed++;
        assertFalse(observer.allBackendsAtRest(), "resumed: running again");
        feed(ReportLine.of("child_exited").with("pid", 7).with("kind", "backend").with("status", 0).with("name", "backend"));
        assertTrue(observer.allBackendsAtRest());
        assertEquals(List.of(), observer.liveBackends());
    }

    @Test
    void eventsMustArriveInOrder() {
        Event late = new Event(5, 0, ReportLine.of("status"));
        try {
            observer.absorb(List.of(late));
        } catch (IllegalStateException expected) {
            return;
        }
        throw new AssertionError("an event out of order was accepted");
    }
}
