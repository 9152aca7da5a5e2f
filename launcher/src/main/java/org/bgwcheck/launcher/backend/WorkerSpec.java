package org.bgwcheck.launcher.backend;

import java.util.Locale;

import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.StartTime;
import org.bgwcheck.launcher.bgworker.BgWorkerFunctionLookup;
import org.bgwcheck.launcher.bgworker.InternalBgWorkers;
import org.bgwcheck.launcher.report.ReportLine;
import org.bgwcheck.launcher.report.ReportText;

/**
 * A worker a backend session registers: the fields of a {@code BackgroundWorker} that a script
 * chooses, in the script's line form ({@code register as=<label> ...}; name, library and function
 * URL-encoded, since they may hold spaces). The label names the
 * handle in later steps and, unless {@code name} is given, is also {@code bgw_name}.
 *
 * @param label    the handle's name in the script (a token: no spaces)
 * @param name     {@code bgw_name}
 * @param parallel {@code BGWORKER_CLASS_PARALLEL} (with a database connection, as parallel query's)
 * @param start    {@code bgw_start_time}
 * @param restart  {@code bgw_restart_time} in seconds, or -1 (never)
 * @param library  {@code bgw_library_name}
 * @param function {@code bgw_function_name}
 * @param mainArg  {@code bgw_main_arg}
 * @param notifyBackend {@code bgw_notify_pid} = this backend (else 0)
 * @param shmem    {@code BGWORKER_SHMEM_ACCESS}
 */
public record WorkerSpec(String label, String name, boolean parallel, StartTime start, int restart, String library,
                         String function, long mainArg, boolean notifyBackend, boolean shmem) {

    /** A non-parallel dynamic worker that runs until terminated, never restarts, notifies. */
    public static WorkerSpec dynamic(String label) {
        return new WorkerSpec(label, label, false, StartTime.RECOVERY_FINISHED, BgwLimits.BGW_NEVER_RESTART,
                BgWorkerFunctionLookup.INTERNAL_LIBRARY, InternalBgWorkers.WAIT_FOR_TERMINATE, 0, true, true);
    }

    /** A parallel worker as parallel query registers one: consistent state, never restarts, notifies. */
    public static WorkerSpec parallel(String label) {
        return new WorkerSpec(label, label, true, StartTime.CONSISTENT_STATE, BgwLimits.BGW_NEVER_RESTART,
                BgWorkerFunctionLookup.INTERNAL_LIBRARY, InternalBgWorkers.WAIT_FOR_TERMINATE, 0, true, true);
    }

    public WorkerSpec withStart(StartTime newStart) {
        return new WorkerSpec(label, name, parallel, newStart, restart, library, function, mainArg, notifyBackend, shmem);
    }

    public WorkerSpec withRestart(int seconds) {
        return new WorkerSpec(label, name, parallel, start, seconds, library, function, mainArg, notifyBackend, shmem);
    }

    public WorkerSpec withFunction(String newFunction) {
        return new WorkerSpec(label, name, parallel, start, restart, library, newFunction, mainArg, notifyBackend, shmem);
    }

    public WorkerSpec withMainArg(long arg) {
        return new WorkerSpec(label, name, parallel, start, restart, library, function, arg, notifyBackend, shmem);
    }

    public WorkerSpec withNotify(boolean newNotify) {
        return new WorkerSpec(label, name, parallel, start, restart, library, function, mainArg, newNotify, shmem);
    }

    public WorkerSpec withShmem(boolean newShmem) {
        return new WorkerSpec(label, name, parallel, start, restart, library, function, mainArg, notifyBackend, newShmem);
    }

    public WorkerSpec withName(String newName) {
        return new WorkerSpec(label, newName, parallel, start, restart, library, function, mainArg, notifyBackend, shmem);
    }

    /** The registration a backend with this pid submits. */
    public BackgroundWorker toWorker(int backendPid) {
        int flags = (shmem ? BgwFlags.SHMEM_ACCESS : 0)
                | (parallel ? BgwFlags.SHMEM_ACCESS | BgwFlags.BACKEND_DATABASE_CONNECTION | BgwFlags.CLASS_PARALLEL : 0);
        return new BackgroundWorker(name, parallel ? "parallel worker" : "", flags, start.code(), restart, library,
                function, mainArg, new byte[0], notifyBackend ? backendPid : 0);
    }

    /** The script line. */
    ReportLine toLine() {
        return ReportLine.of(SessionScript.REGISTER).with("as", label).with("name", ReportText.encode(name))
                .with("parallel", Boolean.toString(parallel)).with("start", start.name().toLowerCase(Locale.ROOT))
                .with("restart", restart).with("library", ReportText.encode(library))
                .with("function", ReportText.encode(function)).with("arg", mainArg)
                .with("notify", Boolean.toString(notifyBackend)).with("shmem", Boolean.toString(shmem));
    }

    /** Parses a {@code register} line. @throws IllegalArgumentException naming the bad field */
    static WorkerSpec fromLine(ReportLine line) {
        String label = SessionScript.required(line, "as");
        String name = line.get("name") != null ? ReportText.decode(line.get("name")) : label;
        StartTime start;
        try {
            start = StartTime.valueOf(line.get("start") == null ? "RECOVERY_FINISHED"
                    : line.get("start").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("register: unknown start \"" + line.get("start") + "\"");
        }
        return new WorkerSpec(label, name, bool(line, "parallel", false), start,
                (int) number(line, "restart", BgwLimits.BGW_NEVER_RESTART),
                line.get("library") != null ? ReportText.decode(line.get("library")) : BgWorkerFunctionLookup.INTERNAL_LIBRARY,
                line.get("function") != null ? ReportText.decode(line.get("function")) : InternalBgWorkers.WAIT_FOR_TERMINATE,
                number(line, "arg", 0), bool(line, "notify", true), bool(line, "shmem", true));
    }

    private static boolean bool(ReportLine line, String key, boolean absent) {
        String v = line.get(key);
        if (v == null) {
            return absent;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("register: " + key + " must be true or false, not \"" + v + "\"");
        }
        return Boolean.parseBoolean(v);
    }

    private static long number(ReportLine line, String key, long absent) {
        String v = line.get(key);
        if (v == null) {
            return absent;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("register: " + key + " must be a number, not \"" + v + "\"");
        }
    }
}
