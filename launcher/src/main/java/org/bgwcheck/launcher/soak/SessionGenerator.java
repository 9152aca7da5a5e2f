package org.bgwcheck.launcher.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.launcher.backend.SessionScript;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.bgworker.InternalBgWorkers;

/**
 * Random backend sessions for the soak: a few segments, each a few random steps on core's backend
 * API followed by a {@code pause} (the soak's quiescent points are where every backend is paused
 * or gone). Steps are chosen so that a correct cluster never leaves a backend waiting for ever:
 * {@code wait_shutdown} only on a worker its session terminated or one that finishes by itself.
 *
 * <p>On purpose, sessions also use handles after their worker has stopped — {@code status},
 * {@code terminate} and {@code wait_shutdown} again — by which time the slot may hold another
 * backend's registration: S3 says such a stale handle must answer STOPPED and reach nobody.
 */
final class SessionGenerator {

    /** Workers one session registers at most (the array is small, so refusals happen too). */
    static final int MAX_WORKERS_PER_SESSION = 3;

    private enum State { REGISTERED, TERMINATED, STOPPED }

    private static final class Label {
        final String name;
        final boolean finishesByItself;
        State state = State.REGISTERED;
        boolean waitedStartup;

        Label(String name, boolean finishesByItself) {
            this.name = name;
            this.finishesByItself = finishesByItself;
        }
    }

    private final Variant variant;
    private final long waitBudgetMillis;

    SessionGenerator(Variant variant, long waitBudgetMillis) {
        this.variant = variant;
        this.waitBudgetMillis = waitBudgetMillis;
    }

    /** A session whose worker labels start with {@code prefix} (unique in the soak: labels are worker names). */
    SessionScript next(String prefix, Random random) {
        SessionScript.Builder s = SessionScript.builder().variant(variant).waitBudgetMillis(waitBudgetMillis);
        List<Label> labels = new ArrayList<>();
        int segments = 1 + random.nextInt(3);
        for (int seg = 0; seg < segments; seg++) {
            int steps = 1 + random.nextInt(4);
            for (int i = 0; i < steps; i++) {
                step(s, labels, prefix, random);
            }
            s.pause("q" + (seg + 1));
        }
        // Most sessions clean up after themselves; the rest leave orphans, as a backend that exits
        // without terminating its workers does (the soak's SIGTERMs and crash-restarts reap them).
        if (random.nextInt(100) < 85) {
            for (Label l : labels) {
                if (l.state == State.REGISTERED && !l.finishesByItself) {
                    s.terminate(l.name);
                    l.state = State.TERMINATED;
                }
            }
            for (Label l : labels) {
                if (l.state == State.TERMINATED || (l.state == State.REGISTERED && l.finishesByItself)) {
                    s.waitShutdown(l.name);
                    l.state = State.STOPPED;
                }
            }
        }
        staleProbe(s, labels, random);
        return s.build();
    }

    private void step(SessionScript.Builder s, List<Label> labels, String prefix, Random random) {
        int choice = random.nextInt(10);
        if (choice < 4 && labels.size() < MAX_WORKERS_PER_SESSION || labels.isEmpty()) {
            register(s, labels, prefix + ".w" + (labels.size() + 1), random);
            return;
        }
        Label l = labels.get(random.nextInt(labels.size()));
        switch (choice) {
            case 4, 5 -> {
                if (!l.waitedStartup && l.state == State.REGISTERED) {
                    s.waitStartup(l.name);
                    l.waitedStartup = true;
                } else {
                    s.status(l.name);
                }
            }
            case 6, 7 -> {
                // A terminate on a stopped handle is a stale-handle probe.
                s.terminate(l.name);
                if (l.state == State.REGISTERED) {
                    l.state = State.TERMINATED;
                }
            }
            case 8 -> {
                if (l.state == State.TERMINATED || l.state == State.STOPPED
                        || (l.state == State.REGISTERED && l.finishesByItself)) {
                    s.waitShutdown(l.name);
                    l.state = State.STOPPED;
                } else {
                    s.status(l.name);
                }
            }
            default -> s.status(l.name);
        }
    }

    private static void register(SessionScript.Builder s, List<Label> labels, String name, Random random) {
        boolean parallel = random.nextBoolean();
        WorkerSpec spec = parallel ? WorkerSpec.parallel(name) : WorkerSpec.dynamic(name);
        boolean finishes = random.nextInt(4) == 0;
        if (finishes) {
            spec = spec.withFunction(InternalBgWorkers.NOOP);
        }
        if (!parallel && random.nextInt(20) == 0) {
            // Restartable (1 s): relaunched after a SIGTERM from outside, kept across crash-restart.
            spec = spec.withRestart(1);
        }
        s.register(spec);
        labels.add(new Label(name, finishes));
    }

    /** After the session's own work, a probe on a handle whose slot may by now be someone else's. */
    private static void staleProbe(SessionScript.Builder s, List<Label> labels, Random random) {
        List<Label> stopped = new ArrayList<>();
        for (Label l : labels) {
            if (l.state == State.STOPPED) {
                stopped.add(l);
            }
        }
        if (stopped.isEmpty() || random.nextInt(2) == 0) {
            return;
        }
        Label l = stopped.get(random.nextInt(stopped.size()));
        switch (random.nextInt(3)) {
            case 0 -> s.status(l.name);
            case 1 -> s.terminate(l.name);
            default -> s.waitShutdown(l.name);
        }
    }
}
