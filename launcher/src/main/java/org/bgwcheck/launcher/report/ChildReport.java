package org.bgwcheck.launcher.report;

import java.io.PrintStream;
import java.nio.MappedByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.param.BackendParameters;
import org.bgwcheck.launcher.param.ConsumedParameterFile;

/** The child's side of the report channel: writes report lines and flushes each one at once. */
public final class ChildReport {

    private final PrintStream out;

    public ChildReport(PrintStream out) {
        this.out = out;
    }

    /**
     * Reports readiness: the parameter file is read, removed and valid, shared memory is attached
     * if the kind wants it, and the child is about to enter its main. Written before anything
     * slow (the digest), because the launch latency is measured up to this line. No pid: the
     * parent has it from the process handle.
     */
    public void ready(ChildKind kind, MappedByteBuffer sharedMemory, ConsumedParameterFile file) {
        emit(ReportLine.of(ReportLine.READY)
                .with("kind", kind.childName())
                .with("shmem", sharedMemory == null ? "none" : Integer.toString(sharedMemory.capacity()))
                .with("file_mode", file.fileMode())
                .with("dir_mode", file.directoryMode()));
    }

    /** Echoes what arrived, so that the parent can check C1 against its own digest of what it sent. */
    public void received(BackendParameters parameters) {
        emit(ReportLine.of(ReportLine.RECEIVED)
                .with("kind", parameters.kind().childName())
                .with("postmaster", parameters.globals().postmasterPid())
                .with("max_worker_processes", parameters.globals().gucs().maxWorkerProcesses())
                .with("max_parallel_workers", parameters.globals().gucs().maxParallelWorkers())
                .with("startup_bytes", parameters.startupData().length)
                .with("startup_digest", digest(parameters.startupData())));
    }

    public void emit(ReportLine line) {
        out.println(line);
        out.flush();
    }

    /**
     * A 64-bit digest of the bytes, CRC-32 and CRC-32C side by side as 16 hex digits; the parent
     * computes the same over what it launched with. Two independent polynomials make an accidental
     * match about 2^-64 likely. Not SHA-256: a JVM's first {@code MessageDigest} initialises the
     * security providers, some 15 ms of CPU per child for no gain against accidental damage.
     */
    public static String digest(byte[] bytes) {
        return hex(checksum(new CRC32(), bytes)) + hex(checksum(new CRC32C(), bytes));
    }

    private static long checksum(Checksum checksum, byte[] bytes) {
        checksum.update(bytes, 0, bytes.length);
        return checksum.getValue();
    }

    private static String hex(long value32) {
        String digits = Long.toHexString(value32);
        return "00000000".substring(digits.length()) + digits;
    }
}
