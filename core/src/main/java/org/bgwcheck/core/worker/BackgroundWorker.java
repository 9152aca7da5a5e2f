package org.bgwcheck.core.worker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@code BackgroundWorker} registration: what a backend asks the postmaster to run.
 *
 * <p>Strings are single-byte (ISO-8859-1) text of at most {@code BGW_MAXLEN - 1} characters, as they must fit
 * the C struct's NUL-terminated arrays; anything that cannot be encoded so is refused here, at construction,
 * so that every {@code BackgroundWorker} has exactly one encoding. Non-ASCII text is allowed on purpose: the
 * postmaster must cope with it ({@link AsciiSafeCopy}).
 */
public record BackgroundWorker(
        String name,
        String type,
        int flags,
        int startTime,
        int restartTime,
        String libraryName,
        String functionName,
        long mainArg,
        byte[] extra,
        int notifyPid) {

    public BackgroundWorker {
        requireCString("bgw_name", name);
        requireCString("bgw_type", type);
        requireCString("bgw_library_name", libraryName);
        requireCString("bgw_function_name", functionName);
        Objects.requireNonNull(extra, "bgw_extra");
        if (extra.length > BgwLimits.BGW_EXTRALEN) {
            throw new IllegalArgumentException("bgw_extra holds at most " + BgwLimits.BGW_EXTRALEN
                    + " bytes, got " + extra.length);
        }
        extra = Arrays.copyOf(extra, BgwLimits.BGW_EXTRALEN);
    }

    /** A registration with the usual defaults; tests and tools refine it with the {@code with*} methods. */
    public static BackgroundWorker named(String name) {
        return new BackgroundWorker(name, "", BgwFlags.SHMEM_ACCESS, StartTime.POSTMASTER_START.code(),
                BgwLimits.BGW_NEVER_RESTART, "postgres", "ExampleWorkerMain", 0L, new byte[0], 0);
    }

    /** A parallel worker as {@code LaunchParallelWorkers} registers it: never restarts, notifies its leader. */
    public static BackgroundWorker parallel(String name, int leaderPid) {
        return new BackgroundWorker(name, "parallel worker",
                BgwFlags.SHMEM_ACCESS | BgwFlags.BACKEND_DATABASE_CONNECTION | BgwFlags.CLASS_PARALLEL,
                StartTime.CONSISTENT_STATE.code(), BgwLimits.BGW_NEVER_RESTART, "postgres",
                "ParallelWorkerMain", 0L, new byte[0], leaderPid);
    }

    public boolean isParallel() {
        return BgwFlags.isParallel(flags);
    }

    public BackgroundWorker withType(String newType) {
        return new BackgroundWorker(name, newType, flags, startTime, restartTime, libraryName, functionName,
                mainArg, extra, notifyPid);
    }

    public BackgroundWorker withFlags(int newFlags) {
        return new BackgroundWorker(name, type, newFlags, startTime, restartTime, libraryName, functionName,
                mainArg, extra, notifyPid);
    }

    public BackgroundWorker withStartTime(StartTime newStartTime) {
        return new BackgroundWorker(name, type, flags, newStartTime.code(), restartTime, libraryName,
                functionName, mainArg, extra, notifyPid);
    }

    public BackgroundWorker withRestartTime(int seconds) {
        return new BackgroundWorker(name, type, flags, startTime, seconds, libraryName, functionName, mainArg,
                extra, notifyPid);
    }

    public BackgroundWorker withEntryPoint(String library, String function) {
        return new BackgroundWorker(name, type, flags, startTime, restartTime, library, function, mainArg,
                extra, notifyPid);
    }

    public BackgroundWorker withMainArg(long arg) {
        return new BackgroundWorker(name, type, flags, startTime, restartTime, libraryName, functionName, arg,
                extra, notifyPid);
    }

    public BackgroundWorker withExtra(byte[] bytes) {
        return new BackgroundWorker(name, type, flags, startTime, restartTime, libraryName, functionName,
                mainArg, bytes, notifyPid);
    }

    public BackgroundWorker withNotifyPid(int pid) {
        return new BackgroundWorker(name, type, flags, startTime, restartTime, libraryName, functionName,
                mainArg, extra, pid);
    }

    @Override
    public byte[] extra() {
        return extra.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackgroundWorker w
                && name.equals(w.name) && type.equals(w.type) && flags == w.flags && startTime == w.startTime
                && restartTime == w.restartTime && libraryName.equals(w.libraryName)
                && functionName.equals(w.functionName) && mainArg == w.mainArg
                && Arrays.equals(extra, w.extra) && notifyPid == w.notifyPid;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, flags, startTime, restartTime, libraryName, functionName, mainArg,
                Arrays.hashCode(extra), notifyPid);
    }

    @Override
    public String toString() {
        return "BackgroundWorker[name=" + name + ", type=" + type + ", flags=0x" + Integer.toHexString(flags)
                + ", startTime=" + startTime + ", restartTime=" + restartTime + ", entry=" + libraryName + "."
                + functionName + ", mainArg=" + mainArg + ", notifyPid=" + notifyPid + "]";
    }

    private static void requireCString(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.length() >= BgwLimits.BGW_MAXLEN) {
            throw new IllegalArgumentException(field + " must be shorter than " + BgwLimits.BGW_MAXLEN
                    + " characters (it is stored NUL-terminated in " + BgwLimits.BGW_MAXLEN + " bytes): \""
                    + value + "\"");
        }
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(value) || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field
                    + " must be single-byte text without NUL characters: \"" + value + "\"");
        }
    }
}
