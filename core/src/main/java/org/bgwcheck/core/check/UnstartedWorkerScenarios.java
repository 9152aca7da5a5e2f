package org.bgwcheck.core.check;

import static org.bgwcheck.core.check.SequentialScenarios.answered;

import java.util.ArrayList;
import java.util.List;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.HandleStatus;
import org.bgwcheck.core.backend.WorkerStatus;
import org.bgwcheck.core.check.SequentialScenarios.Run;
import org.bgwcheck.core.check.SequentialScenarios.Scenario;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.ShutdownMode;
import org.bgwcheck.core.sim.SimulatedBackend;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.StartTime;

/**
 * Scenarios about workers that are registered, even listed by the postmaster, but not running: their start time
 * has not come (maybe_start_bgworkers / bgworker_should_start_now), they wait out their restart interval after an
 * exit, or their fork failed (do_start_bgworker). Someone may be waiting for each of them when the cluster shuts
 * down, when a backend terminates them, or when a backend registers after shutdown began; every such waiter must
 * get an answer (L1), every terminate a STOPPED and the slot back (L2).
 */
final class UnstartedWorkerScenarios {
    /** Long enough for any restart interval of these scenarios, and for the retry after a failed fork. */
    private static final long A_MINUTE_MICROS = 60_000_000L;
    private static final int RESTART_SECONDS = 5;

    private UnstartedWorkerScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("fast shutdown with unstarted workers and a waiter on each", Property.L1,
                        List.of(Fault.NO_SHUTDOWN_CLEANUP, Fault.STATUS_IGNORES_IN_USE),
                        UnstartedWorkerScenarios::fastShutdownWithUnstartedWorkers),
                new Scenario("smart shutdown with unstarted workers and waiting backends", Property.L1,
                        List.of(Fault.NO_SHUTDOWN_CLEANUP), UnstartedWorkerScenarios::smartShutdownWithUnstartedWorkers),
                new Scenario("registration after a smart, then a fast shutdown began", Property.L1,
                        List.of(Fault.NO_SHUTDOWN_CLEANUP), UnstartedWorkerScenarios::registrationAfterShutdownBegan),
                new Scenario("shutdown forgets an unstarted worker whose registrant's pid was reused", Property.L3,
                        List.of(Fault.NO_STOP_NOTIFICATIONS), UnstartedWorkerScenarios::shutdownAfterNotifyPidReuse),
                new Scenario("terminate a worker whose start time has not come while its registrant waits",
                        Property.L2, List.of(), r -> terminateListedUnstarted(r, Unstarted.START_TIME_NOT_REACHED)),
                new Scenario("terminate a worker waiting out its restart interval while its registrant waits",
                        Property.L2, List.of(), r -> terminateListedUnstarted(r, Unstarted.RESTART_INTERVAL)),
                new Scenario("terminate a worker whose fork failed while its registrant waits", Property.L2,
                        List.of(), r -> terminateListedUnstarted(r, Unstarted.LAUNCH_FAILED)),
                new Scenario("parallel worker whose fork failed, through crash-restart", Property.S5,
                        List.of(Fault.PRE_FIX_CRASH_ACCOUNTING), UnstartedWorkerScenarios::failedParallelLaunchThroughCrash));
    }

    // --- shutdown ------------------------------------------------------------------------------------------

    /**
     * PostgreSQL 14+ (ForgetUnstartedBackgroundWorkers when PM_STOP_BACKENDS begins): a fast shutdown forgets
     * every listed worker that is not running and wakes whoever waits for it. Four backends each wait for one
     * worker that is not running for a different reason; the recovery has not reached consistency.
     */
    private static List<Violation> fastShutdownWithUnstartedWorkers(Run r) {
        SimulatedCluster c = r.cluster(4, 2, PmState.STARTUP);
        SimulatedBackend early = c.startBackend();
        BackgroundWorkerHandle notYetConsistent = early.register(
                BackgroundWorker.named("at consistency").withStartTime(StartTime.CONSISTENT_STATE)).orElseThrow();
        SimulatedBackend restarter = c.startBackend();
        BackgroundWorkerHandle restarting = waitingOutRestartInterval(c, restarter);
        SimulatedBackend unlucky = c.startBackend();
        BackgroundWorkerHandle forkFailed = forkFailed(c, unlucky);
        SimulatedBackend late = c.startBackend();
        BackgroundWorkerHandle unnoticed = late.register(BackgroundWorker.parallel("not yet noticed", 0)).orElseThrow();

        // Two of them are asleep in their waits when the shutdown comes.
        List<Asleep> asleep = List.of(Asleep.in(early, notYetConsistent), Asleep.in(unlucky, forkFailed));
        c.postmaster().requestShutdown(ShutdownMode.FAST);
        c.runPostmaster();
        List<Violation> out = new ArrayList<>();
        asleep.forEach(a -> out.addAll(a.wokenByItsAnswer(c)));
        out.addAll(answered(early, notYetConsistent, true, c));
        out.addAll(answered(restarter, restarting, false, c));
        out.addAll(answered(unlucky, forkFailed, true, c));
        out.addAll(answered(late, unnoticed, true, c));
        out.addAll(QuiescentInvariants.parallelAccounting(c.shm(), 2));
        out.addAll(shutdownEnds(c, early, restarter, unlucky, late));
        return out;
    }

    /**
     * PostgreSQL 14+: a smart shutdown keeps starting workers while regular backends remain (they may be waiting
     * for parallel workers), so a worker held back by its restart interval or a failed fork still starts and
     * its registrant's wait ends; a worker whose start time never comes is forgotten once the last backend has
     * gone, and the shutdown ends.
     */
    private static List<Violation> smartShutdownWithUnstartedWorkers(Run r) {
        SimulatedCluster c = r.cluster(4, 2, PmState.HOT_STANDBY);
        SimulatedBackend restarter = c.startBackend();
        waitingOutRestartInterval(c, restarter);
        SimulatedBackend unlucky = c.startBackend();
        BackgroundWorkerHandle forkFailed = forkFailed(c, unlucky);
        SimulatedBackend standby = c.startBackend();
        standby.register(BackgroundWorker.named("after promotion").withStartTime(StartTime.RECOVERY_FINISHED))
                .orElseThrow();
        c.runPostmaster();

        c.postmaster().requestShutdown(ShutdownMode.SMART);
        // A worker waiting out its restart interval reads STOPPED until it restarts (WaitForBackgroundWorkerStartup
        // answers at once), so the wait that shows whether workers still start is the failed fork's.
        List<Violation> out = new ArrayList<>(started(unlucky, forkFailed, c));
        out.addAll(shutdownEnds(c, restarter, unlucky, standby));
        return out;
    }

    /**
     * A smart shutdown still serves registrations while backends run; once a fast shutdown has begun,
     * BackgroundWorkerStateChange releases a new registration at once, as terminated, so its wait ends STOPPED.
     */
    private static List<Violation> registrationAfterShutdownBegan(Run r) {
        SimulatedCluster c = r.cluster(4, 2, PmState.RUN);
        SimulatedBackend b = c.startBackend();
        c.postmaster().requestShutdown(ShutdownMode.SMART);
        BackgroundWorkerHandle duringSmart = b.register(BackgroundWorker.parallel("during smart shutdown", 0))
                .orElseThrow();
        List<Violation> out = new ArrayList<>(started(b, duringSmart, c));
        c.postmaster().requestShutdown(ShutdownMode.FAST);
        BackgroundWorkerHandle duringFast = b.register(BackgroundWorker.parallel("during fast shutdown", 0))
                .orElseThrow();
        out.addAll(answered(b, duringFast, true, c));
        out.addAll(QuiescentInvariants.parallelAccounting(c.shm(), 2));
        out.addAll(shutdownEnds(c, b));
        return out;
    }

    /**
     * L3 on the shutdown path: the registrant of a worker that never started exits, and a new backend gets its
     * pid; the shutdown that forgets the worker must not signal the newcomer (BackgroundWorkerStopNotifications
     * cleared the notify pid when the registrant exited).
     */
    private static List<Violation> shutdownAfterNotifyPidReuse(Run r) {
        SimulatedCluster c = r.cluster(2, 2, PmState.STARTUP);
        SimulatedBackend registrant = c.startBackend();
        registrant.register(BackgroundWorker.named("at consistency").withStartTime(StartTime.CONSISTENT_STATE))
                .orElseThrow();
        c.runPostmaster();
        int pid = registrant.pid();
        c.exitBackend(pid, 0);
        SimulatedBackend newcomer = c.startBackend(pid);
        c.postmaster().requestShutdown(ShutdownMode.FAST);
        c.runPostmaster();
        List<Violation> out = new ArrayList<>(c.notificationViolations());
        out.addAll(shutdownEnds(c, newcomer));
        return out;
    }

    /** A restartable worker of {@code b} that started, exited with 1 and now waits out its restart interval. */
    private static BackgroundWorkerHandle waitingOutRestartInterval(SimulatedCluster c, SimulatedBackend b) {
        BackgroundWorkerHandle h = b.register(restartable("restarts in 5 s")).orElseThrow();
        c.exitWorker(b.waitForStartup(h).pid(), 1);
        return h;
    }

    /** A restartable worker of {@code b} that the postmaster listed but could not fork: retried after its interval. */
    private static BackgroundWorkerHandle forkFailed(SimulatedCluster c, SimulatedBackend b) {
        c.failNextLaunches(1);
        BackgroundWorkerHandle h = b.register(restartable("fork failed")).orElseThrow();
        c.runPostmaster();
        return h;
    }

    private static BackgroundWorker restartable(String name) {
        return BackgroundWorker.named(name).withRestartTime(RESTART_SECONDS);
    }

    /**
     * A backend asleep on its latch in WaitForBackgroundWorkerStartup for {@code handle}, whose status said
     * NOT_YET_STARTED, and how many times SIGUSR1 had set its latch then.
     */
    private record Asleep(SimulatedBackend backend, BackgroundWorkerHandle handle, int wakeups) {
        static Asleep in(SimulatedBackend b, BackgroundWorkerHandle h) {
            return new Asleep(b, h, b.wakeups());
        }

        /** L1: once its answer has come, a SIGUSR1 has set its latch; otherwise it sleeps through the answer. */
        List<Violation> wokenByItsAnswer(SimulatedCluster c) {
            WorkerStatus now = backend.status(handle);
            if (now.status() == HandleStatus.NOT_YET_STARTED || backend.wakeups() > wakeups) {
                return List.of();
            }
            return List.of(new Violation(Property.L1, "backend " + backend.pid() + " sleeps in"
                    + " WaitForBackgroundWorkerStartup(" + handle + "), its status now answers " + now
                    + ", but no SIGUSR1 woke it: " + c.describe()));
        }
    }

    /** Backends end by themselves (they ignore the fast shutdown's SIGTERM here); then the postmaster must exit. */
    private static List<Violation> shutdownEnds(SimulatedCluster c, SimulatedBackend... backends) {
        for (SimulatedBackend b : backends) {
            c.exitBackend(b.pid(), 1);
        }
        for (int i = 0; i < 3 && !c.postmasterGone(); i++) {
            c.advanceTimeMicros(A_MINUTE_MICROS);
            c.runPostmaster();
        }
        return c.postmasterGone() ? List.of() : List.of(new Violation(Property.L1,
                "every backend has exited but the shutdown never ends: " + c.describe()));
    }

    /** L1 where the worker can and must still start: the wait ends with the worker running. */
    private static List<Violation> started(SimulatedBackend b, BackgroundWorkerHandle h, SimulatedCluster c) {
        List<Violation> out = answered(b, h, true, c);
        if (out.isEmpty() && b.status(h).status() != HandleStatus.STARTED) {
            out = List.of(new Violation(Property.L1, h + " was never started though backends still run: "
                    + b.status(h) + "; " + c.describe()));
        }
        return out;
    }

    // --- terminate of a listed worker that is not running ----------------------------------------------------

    /** Why a listed worker is not running. */
    private enum Unstarted {
        /** A BgWorkerStart_ConsistentState worker while recovery has not reached consistency. */
        START_TIME_NOT_REACHED,
        /** It exited with 1 and waits out bgw_restart_time. */
        RESTART_INTERVAL,
        /** Its fork failed; do_start_bgworker marked it crashed, to be retried after its interval. */
        LAUNCH_FAILED
    }

    /**
     * TerminateBackgroundWorker on a worker the postmaster lists but does not run, issued by a backend holding
     * the handle while the registrant is about to wait: BackgroundWorkerStateChange must report it dead
     * (ReportBackgroundWorkerPID with pid 0) and wake the registrant, and maybe_start_bgworkers must forget it
     * rather than start it when its time comes. L2: the wait ends STOPPED and the slot is free again.
     */
    private static List<Violation> terminateListedUnstarted(Run r, Unstarted why) {
        SimulatedCluster c = r.cluster(2, 2,
                why == Unstarted.START_TIME_NOT_REACHED ? PmState.STARTUP : PmState.RUN);
        SimulatedBackend registrant = c.startBackend();
        SimulatedBackend holder = c.startBackend();
        BackgroundWorker worker = switch (why) {
            case START_TIME_NOT_REACHED -> BackgroundWorker.named("at consistency")
                    .withStartTime(StartTime.CONSISTENT_STATE);
            case RESTART_INTERVAL, LAUNCH_FAILED -> restartable("restarts in 5 s");
        };
        if (why == Unstarted.LAUNCH_FAILED) {
            c.failNextLaunches(1);
        }
        BackgroundWorkerHandle h = registrant.register(worker).orElseThrow();
        c.runPostmaster();
        if (why == Unstarted.RESTART_INTERVAL) {
            c.exitWorker(registrant.waitForStartup(h).pid(), 1);
        }
        // A failed launch, like the others, leaves the private list and shared memory agreeing.
        List<Violation> out = new ArrayList<>(QuiescentInvariants.mirror(c.shm(), c.postmaster().registeredWorkers()));
        int launches = c.launches();
        holder.terminate(h); // the postmaster has not scanned yet: the registrant's wait must be woken
        out.addAll(answered(registrant, h, true, c));
        WorkerStatus seen = registrant.status(h);
        if (seen.status() != HandleStatus.STOPPED) {
            out.add(new Violation(Property.L2, "GetBackgroundWorkerPid(" + h + ") after"
                    + " TerminateBackgroundWorker and a wait answers " + seen));
        }
        out.addAll(answered(registrant, h, false, c));
        c.postmaster().consistentStateReached();
        c.postmaster().recoveryFinished();
        c.advanceTimeMicros(A_MINUTE_MICROS);
        c.runPostmaster();
        if (c.launches() != launches) {
            out.add(new Violation(Property.L2, "the terminated worker " + h + " was started again: "
                    + c.describe()));
        }
        out.addAll(slotsAllFree(c, registrant, 2));
        return out;
    }

    /** No slot leaks: with nothing left registered, a backend gets every slot again. */
    private static List<Violation> slotsAllFree(SimulatedCluster c, SimulatedBackend b, int maxWorkers) {
        for (int i = 0; i < maxWorkers; i++) {
            if (b.register(BackgroundWorker.named("slot check " + i)).isEmpty()) {
                return List.of(new Violation(Property.L2, "only " + i + " of " + maxWorkers
                        + " slots could be registered once every worker was terminated: " + c.describe()));
            }
        }
        return List.of();
    }

    // --- failed launch through crash-restart ------------------------------------------------------------------

    /**
     * A parallel worker whose fork failed is listed, marked crashed, when another worker's crash takes the
     * cluster through restart. ResetBackgroundWorkerCrashTimes must forget it (it never restarts) while its slot
     * and the counters that counted it still exist; forgotten after the reset, its release counts a terminate
     * that the zeroed register count never saw (S5, the bug 8ff518699f fixed, reached through a failed launch).
     */
    private static List<Violation> failedParallelLaunchThroughCrash(Run r) {
        SimulatedCluster c = r.cluster(4, 2, PmState.RUN);
        SimulatedBackend b = c.startBackend();
        BackgroundWorkerHandle crasher = b.register(BackgroundWorker.named("crasher")).orElseThrow();
        int crasherPid = b.waitForStartup(crasher).pid();
        c.failNextLaunches(1);
        b.register(BackgroundWorker.parallel("fork failed", 0)).orElseThrow();
        // One scan and one start pass, whose fork fails; the crash is reaped before the next pass of the server
        // loop would forget the never-restart worker.
        c.postmaster().handleBackgroundWorkerChange();
        c.exitWorker(crasherPid, 2);
        return SequentialScenarios.afterCrash(c, 2);
    }
}
