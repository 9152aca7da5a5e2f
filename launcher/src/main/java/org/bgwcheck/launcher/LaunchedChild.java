package org.bgwcheck.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.report.ReportLine;

/** A child started by {@link ChildLauncher#launchChild}: its process, kind and parameter file. */
public final class LaunchedChild {

    private final ChildKind kind;
    private final Path parameterFile;
    private final Process process;
    private final ChildPipes pipes;

    LaunchedChild(ChildKind kind, Path parameterFile, Process process) {
        this.kind = kind;
        this.parameterFile = parameterFile;
        this.process = process;
        this.pipes = new ChildPipes(process);
    }

    public ChildKind kind() {
        return kind;
    }

    public long pid() {
        return process.pid();
    }

    /** Where the parent wrote this child's parameter file; gone once the child is ready. */
    public Path parameterFile() {
        return parameterFile;
    }

    /**
     * Waits for the child's ready line.
     *
     * @throws ChildFailedException if the child exits without reporting ready
     */
    public ReportLine awaitReady() throws IOException, InterruptedException, ChildFailedException {
        ReportLine ready = pipes.awaitReport(ReportLine.READY);
        if (ready != null) {
            return ready;
        }
        ChildExit exit = pipes.awaitExit();
        throw new ChildFailedException(kind.childName() + " child " + pid() + " exited with status " + exit.status()
                + " before reporting ready: " + exit.stderr().strip(), exit);
    }

    /** Waits for the child to exit and collects everything it said. */
    public ChildExit awaitExit() throws IOException, InterruptedException {
        return pipes.awaitExit();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The next line of the child's stdout, raw, or {@code null} at its end; for a parent that
     * follows a long-lived child line by line. Not recorded for {@link #awaitExit()}.
     */
    public String nextLine() throws IOException {
        return pipes.nextLine();
    }

    /**
     * The write end of the child's signal pipe (its standard input): the postmaster's
     * {@code kill()} writes one byte per signal here (see {@code signal.SignalCode}).
     */
    public OutputStream signalPipe() {
        return process.getOutputStream();
    }

    /** SIGKILL, for a child that must go now. */
    public void killForcibly() {
        process.destroyForcibly();
    }

    Process process() {
        return process;
    }
}
