package org.bgwcheck.core.backend;

/** A {@link HandleStatus} with the worker's pid, which is meaningful only for {@link HandleStatus#STARTED}. */
public record WorkerStatus(HandleStatus status, int pid) {
    public static final WorkerStatus NOT_YET_STARTED = new WorkerStatus(HandleStatus.NOT_YET_STARTED, 0);
    public static final WorkerStatus STOPPED = new WorkerStatus(HandleStatus.STOPPED, 0);
    public static final WorkerStatus POSTMASTER_DIED = new WorkerStatus(HandleStatus.POSTMASTER_DIED, 0);

    public static WorkerStatus started(int pid) {
        return new WorkerStatus(HandleStatus.STARTED, pid);
    }

    @Override
    public String toString() {
        return status == HandleStatus.STARTED ? "STARTED(pid " + pid + ")" : status.name();
    }
}
