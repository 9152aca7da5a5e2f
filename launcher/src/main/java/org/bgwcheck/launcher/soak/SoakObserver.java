package org.bgwcheck.launcher.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.bgwcheck.launcher.cluster.LiveCluster.Event;
import org.bgwcheck.launcher.report.ReportText;

/**
 * Reads one postmaster incarnation's report lines, in order, and keeps what the soak needs: which
 * backends and workers are alive, where each backend's session is (paused or not), counters for
 * the closing report, and the observations that judge S3 (handle safety), L1, C1 and the
 * postmaster's own checks.
 *
 * <p>S3 seen from outside: a backend's handle may only ever report the pid of a worker launched
 * for <em>that</em> registration (worker names are unique in the soak, so name = registration),
 * and a worker may only be terminated (exit 1, SIGTERM) if its own handle was terminated, the soak
 * signalled it, or a shutdown or crash-restart was under way. A stale handle that reached its
 * slot's next registration shows up as one of the two. The second is judged only at a quiescent
 * point, when every backend has paused or exited and so every {@code terminated} report it wrote
 * has arrived (a worker's exit can overtake its terminator's report on the way to the controller).
 *
 * <p>Not thread-safe: the soak calls it from its controller thread, under the cluster's event
 * lock when inside a wait condition. Public because the directed fault scenarios
 * ({@code FaultVariantsIT}) judge their runs with these same checks.
 */
public final class SoakObserver {

    /** One backend: its session's pause reports, the client messages sent, and whether it exited. */
    static final class BackendState {
        int paused;
        int resumed;
        boolean exited;

        boolean atRest() {
            return exited || paused > resumed;
        }

        boolean waitingForResume() {
            return !exited && paused > resumed;
        }
    }

    private final int incarnation;
    private int next;

    final Map<Integer, BackendState> backends = new LinkedHashMap<>();
    final Set<Integer> liveWorkers = new TreeSet<>();
    private final Map<String, Set<Integer>> pidsByName = new HashMap<>();
    private final Map<Integer, String> nameByPid = new HashMap<>();
    private final Set<String> terminatedNames = new HashSet<>();
    /** Each accepted registration's handle, "slot s gen g", by label: to name the suspects of an S3 violation. */
    private final Map<String, String> handleOf = new HashMap<>();
    private final Map<String, Integer> slotOf = new HashMap<>();
    /** Every terminate a backend did: "backend b terminated L (slot s gen g) at t", by slot. */
    private final Map<Integer, List<String>> terminatesBySlot = new HashMap<>();
    private final Set<Integer> signalledBySoak = new HashSet<>();
    /** Workers that exited 1 (SIGTERM) not yet explained; judged at the next quiescent point. */
    private final Map<Integer, String> unexplainedTerminations = new LinkedHashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    /** "backend that exited at 1.234s", by pid: to name what a stray signal was meant for. */
    private final Map<Integer, String> exitedAt = new HashMap<>();

    boolean shutdownRequested;
    boolean postmasterExited;
    int crashes;
    int reinitialized;
    String shmemFile;
    int postmasterPid;

    // counters for the closing report
    int workerLaunches;
    int launchFailures;
    int backendsStarted;
    int registrations;
    int registrationsAccepted;
    int parallelAccepted;
    int waits;
    int terminates;
    int statusCalls;
    int stoppedAnswers;
    int startedAnswers;
    int checksPassed;
    int checksFailed;
    int reinitChecks;
    int c1Ok;
    int handleReports;
    int terminationsJudged;
    final Map<String, Integer> exitStatuses = new java.util.TreeMap<>();

    public SoakObserver(int incarnation) {
        this.incarnation = incarnation;
    }

    /** Reads the events not yet seen (the list is the cluster's, from index 0). */
    public void absorb(List<Event> newEvents) {
        for (Event e : newEvents) {
            if (e.index() != next) {
                throw new IllegalStateException("event " + e.index() + " read out of order (expected " + next + ")");
            }
            next++;
            accept(e);
        }
    }

    int nextIndex() {
        return next;
    }

    void accept(Event e) {
        switch (e.tag()) {
            case "pm_ready" -> {
                shmemFile = e.get("shmem");
                postmasterPid = e.intValue("pid");
            }
            case "backend_started" -> {
                backendsStarted++;
                backends.put(e.intValue("pid"), new BackendState());
            }
            case "worker_launched" -> {
                workerLaunches++;
                int pid = e.intValue("pid");
                String name = e.text("name");
                liveWorkers.add(pid);
                nameByPid.put(pid, name);
                pidsByName.computeIfAbsent(name, n -> new TreeSet<>()).add(pid);
            }
            case "launch_failed" -> launchFailures++;
            case "child_exited" -> childExited(e);
            case "crash" -> crashes++;
            case "reinitialized" -> reinitialized++;
            case "shutdown_requested" -> shutdownRequested = true;
            case "postmaster_exited" -> postmasterExited = true;
            case "check" -> {
                if ("true".equals(e.get("ok"))) {
                    checksPassed++;
                } else {
                    checksFailed++;
                }
                if (e.get("id").startsWith("reinit-")) {
                    reinitChecks++;
                }
            }
            case "violation" -> findings.add(new Finding(e.get("property"), e.text("text"),
                    where(e) + ", postmaster check " + e.get("id")));
            case "c1" -> {
                if ("true".equals(e.get("ok"))) {
                    c1Ok++;
                } else {
                    findings.add(new Finding("C1", e.get("kind") + " " + e.get("pid")
                            + " did not receive exactly its startup data", where(e)));
                }
            }
            case "command_error" -> findings.add(new Finding("soak", "the postmaster refused a command: "
                    + e.text("text"), where(e)));
            case "bk" -> backendReport(e);
            case "signalled" -> {
                // The controller's own SIGTERM through the postmaster (the soak's chaos, a directed
                // test): it explains the worker's exit 1, which the postmaster reports after this.
                if ("SIGTERM".equals(e.get("sig")) && "true".equals(e.get("sent"))) {
                    signalledBySoak.add(e.intValue("pid"));
                }
            }
            case "kill_unknown_pid" -> findings.add("SIGUSR1".equals(e.get("sig"))
                    ? new Finding("L3", "the postmaster notified pid " + e.get("pid") + " (SIGUSR1), which is none of"
                            + " its processes" + exitedAs(e.intValue("pid")) + ": a stale notify pid, which a process"
                            + " that reuses the pid would receive", where(e))
                    : new Finding("soak", "the postmaster sent " + e.get("sig") + " to pid " + e.get("pid")
                            + ", which is none of its processes" + exitedAs(e.intValue("pid")), where(e)));
            default -> { }
        }
    }

    private void childExited(Event e) {
        int pid = e.intValue("pid");
        exitedAt.put(pid, e.get("kind") + " that exited at " + String.format(java.util.Locale.ROOT, "%.3fs", e.micros() / 1e6));
        int status = e.intValue("status");
        String kind = e.get("kind");
        exitStatuses.merge(kind + " " + status, 1, Integer::sum);
        if ("backend".equals(kind)) {
            BackendState b = backends.get(pid);
            if (b != null) {
                b.exited = true;
            }
            return;
        }
        liveWorkers.remove(pid);
        // Exit 1 is a worker's answer to SIGTERM (bgworker_die). During a shutdown or a crash-restart
        // the postmaster itself sends it; otherwise someone must have asked for it.
        terminationsJudged += status == 1 ? 1 : 0;
        if (status == 1 && !shutdownRequested && crashes == reinitialized && !signalledBySoak.contains(pid)) {
            unexplainedTerminations.put(pid, e.text("name") + "@" + where(e));
        }
    }

    private void backendReport(Event e) {
        int pid = e.intValue("pid");
        String op = e.get("op");
        switch (op) {
            case "paused" -> backends.computeIfAbsent(pid, p -> new BackendState()).paused++;
            case "registered" -> {
                registrations++;
                if ("true".equals(e.get("ok"))) {
                    handleOf.put(e.get("as"), "slot " + e.get("slot") + " gen " + e.get("gen"));
                    slotOf.put(e.get("as"), Integer.parseInt(e.get("slot")));
                    registrationsAccepted++;
                    parallelAccepted += "true".equals(e.get("parallel")) ? 1 : 0;
                }
            }
            case "terminated" -> {
                terminates++;
                terminatedNames.add(e.get("as"));
                Integer slot = slotOf.get(e.get("as"));
                if (slot != null) {
                    terminatesBySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add("backend " + pid + " terminated \""
                            + e.get("as") + "\" (" + handleOf.get(e.get("as")) + ") at " + String.format(java.util.Locale.ROOT,
                            "%.3fs", e.micros() / 1e6));
                }
            }
            case "startup", "shutdown", "status" -> {
                if (op.equals("status")) {
                    statusCalls++;
                } else {
                    waits++;
                }
                String result = e.get("result");
                if ("STOPPED".equals(result)) {
                    stoppedAnswers++;
                } else if ("STARTED".equals(result)) {
                    startedAnswers++;
                    handleReports++;
                    checkReportedPid(e);
                }
            }
            case "fatal" -> {
                if ("wait_budget_exceeded".equals(e.get("reason"))) {
                    findings.add(new Finding("L1", "backend " + pid + " waited longer than its budget and gave up",
                            where(e)));
                }
            }
            default -> { }
        }
    }

    /** S3: a STARTED answer names a pid launched for this very registration. */
    private void checkReportedPid(Event e) {
        String label = e.get("as");
        int reported = e.intValue("worker_pid");
        Set<Integer> own = pidsByName.getOrDefault(label, Set.of());
        if (!own.contains(reported)) {
            String other = nameByPid.get(reported);
            findings.add(new Finding("S3", "backend " + e.get("pid") + "'s handle for \"" + label + "\" answered "
                    + e.get("op") + " STARTED with pid " + reported + ", which "
                    + (other == null ? "the postmaster never launched" : "runs worker \"" + other + "\"")
                    + "; \"" + label + "\" ran as " + (own.isEmpty() ? "no pid at all" : own), where(e)));
        }
    }

    private String exitedAs(int pid) {
        String what = exitedAt.get(pid);
        return what == null ? "" : " (it was a " + what + ")";
    }

    /** The soak sent SIGTERM to this worker itself: its exit 1 is explained. */
    void signalledBySoak(int pid) {
        signalledBySoak.add(pid);
    }

    /**
     * At a quiescent point: every worker that died of SIGTERM must have been terminated through its
     * own handle (or by the soak, a shutdown or a crash-restart).
     */
    public void judgeTerminations() {
        for (Map.Entry<Integer, String> t : unexplainedTerminations.entrySet()) {
            String value = t.getValue();
            String name = value.substring(0, value.indexOf('@'));
            if (!terminatedNames.contains(name)) {
                findings.add(new Finding("S3", "worker \"" + name + "\" (pid " + t.getKey() + ", "
                        + handleOf.getOrDefault(name, "slot ?") + ") exited 1 (SIGTERM), but no backend terminated its"
                        + " handle, the soak did not signal it, and no shutdown or crash-restart was under way: a handle"
                        + " of another generation reached it" + suspects(name), value.substring(value.indexOf('@') + 1)));
            }
        }
        unexplainedTerminations.clear();
    }

    /** The last terminates through other handles of the same slot: the likely culprits. */
    private String suspects(String name) {
        Integer slot = slotOf.get(name);
        List<String> others = new ArrayList<>();
        for (String t : terminatesBySlot.getOrDefault(slot, List.of())) {
            if (!t.contains("\"" + name + "\"")) {
                others.add(t);
            }
        }
        if (others.isEmpty()) {
            return "";
        }
        return "; terminates through older handles of slot " + slot + ": "
                + String.join("; ", others.subList(Math.max(0, others.size() - 3), others.size()));
    }

    public List<Finding> findings() {
        return findings;
    }

    boolean inCrashRestart() {
        return crashes > reinitialized;
    }

    /** Backends neither exited nor known to be gone. */
    List<Integer> liveBackends() {
        List<Integer> live = new ArrayList<>();
        for (Map.Entry<Integer, BackendState> b : backends.entrySet()) {
            if (!b.getValue().exited) {
                live.add(b.getKey());
            }
        }
        return live;
    }

    boolean allBackendsAtRest() {
        for (BackendState b : backends.values()) {
            if (!b.atRest()) {
                return false;
            }
        }
        return true;
    }

    String nameOf(int workerPid) {
        return nameByPid.get(workerPid);
    }

    private String where(Event e) {
        return "incarnation " + incarnation + ", event " + e.index() + " at " + String.format(java.util.Locale.ROOT,
                "%.3fs", e.micros() / 1e6);
    }

    static String decode(String token) {
        return ReportText.decode(token);
    }
}
