package org.bgwcheck.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.bgwcheck.launcher.report.ReportLine;

/**
 * The parent's end of a child's stdout (the report channel, read on demand) and stderr (drained
 * in the background, so that a child writing a lot there can never block on a full pipe while the
 * parent waits on stdout).
 */
public final class ChildPipes {

    private static final ExecutorService STDERR_DRAINERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "child-stderr");
        thread.setDaemon(true);
        return thread;
    });

    private final Process process;
    private final BufferedReader stdout;
    private final CompletableFuture<String> stderr;
    private final List<ReportLine> reports = new ArrayList<>();
    private final List<String> otherOutput = new ArrayList<>();

    public ChildPipes(Process process) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        InputStream errors = process.getErrorStream();
        this.stderr = CompletableFuture.supplyAsync(() -> {
            try (errors) {
                return new String(errors.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, STDERR_DRAINERS);
    }

    /** Reads stdout up to the next report line with this tag; {@code null} if stdout ends first. */
    public ReportLine awaitReport(String tag) throws IOException {
        return readUntil(tag);
    }

    /** The next raw stdout line, or {@code null} at the end; not recorded. */
    public String nextLine() throws IOException {
        return stdout.readLine();
    }

    /** Reads the rest of stdout and stderr and waits for the process to end. */
    public ChildExit awaitExit() throws IOException, InterruptedException {
        readUntil(null);
        stdout.close();
        int status = process.waitFor();
        String errors;
        try {
            errors = stderr.get();
        } catch (ExecutionException e) {
            throw new IOException("could not read the child's stderr", e.getCause());
        }
        return new ChildExit(status, reports, otherOutput, errors);
    }

    /** Collects stdout lines up to a report with this tag, or to the end if the tag is {@code null}. */
    private ReportLine readUntil(String tag) throws IOException {
        String text;
        while ((text = stdout.readLine()) != null) {
            ReportLine line = ReportLine.parse(text);
            if (line == null) {
                otherOutput.add(text);
                continue;
            }
            reports.add(line);
            if (line.tag().equals(tag)) { // never true for a null tag: read on to the end
                return line;
            }
        }
        return null;
    }
}
