package org.bgwcheck.tla;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks one model with distributed TLC on this machine: a {@code TLCServer} that owns the state queue
 * and the fingerprint set, and two {@code TLCWorker}s that compute successor states and talk to it over
 * RMI (localhost, port 10997). The same commands, with the workers started on other machines and given
 * the server's host name, scale a model out beyond one machine (see README.md).
 */
final class DistributedTlc {
    static final int WORKERS = 2;

    private final TlcRunner runner;

    DistributedTlc(TlcRunner runner) {
        this.runner = runner;
    }

    TlcRunner.Result run(ModelFile model, Duration timeout, String heap) throws IOException, InterruptedException {
        Path runDir = runner.prepare(model);
        List<String> server = new ArrayList<>(runner.jvm(runDir, heap));
        // -deadlock: distributed TLC ignores CHECK_DEADLOCK in the configuration.
        server.addAll(List.of("tlc2.tool.distributed.TLCServer", "-tool", "-deadlock", "-metadir", "states",
                "-config", model.name() + ".cfg", model.spec() + ".tla"));
        Path log = runDir.resolve("tlc.out");
        long start = System.nanoTime();
        Process serverProcess = TlcRunner.start(server, runDir, log);
        List<Process> workers = new ArrayList<>();
        try {
            for (int i = 1; i <= WORKERS; i++) {
                List<String> worker = new ArrayList<>(runner.jvm(runDir, "1g"));
                worker.addAll(List.of("tlc2.tool.distributed.TLCWorker", "localhost"));
                workers.add(TlcRunner.start(worker, runDir, runDir.resolve("worker-" + i + ".out")));
            }
            if (!serverProcess.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("model " + model.name() + ": distributed TLC did not finish within "
                        + timeout.toSeconds() + " s and was stopped; server output in " + log);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new TlcRunner.Result(model, TlcOutput.parse(Files.readString(log)), serverProcess.exitValue(),
                    seconds, runDir, log);
        } finally {
            // Workers leave by themselves once the server is done; do not let a stuck one outlive the test.
            for (Process w : workers) {
                if (!w.waitFor(60, TimeUnit.SECONDS)) {
                    TlcRunner.destroy(w);
                }
            }
            if (serverProcess.isAlive()) {
                TlcRunner.destroy(serverProcess);
            }
        }
    }
}
