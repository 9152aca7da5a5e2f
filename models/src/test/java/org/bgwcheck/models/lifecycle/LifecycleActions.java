package org.bgwcheck.models.lifecycle;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.models.cluster.WorkerKind;

/**
 * The steps of a lifecycle run, as jqwik actions on a {@link LifecycleWorld}. Each step is described the way a
 * reader of bgworker.c would say it, so that a shrunk chain reads as a scenario.
 */
final class LifecycleActions {
    private LifecycleActions() {
    }

    /**
     * Chains of at most {@code maxSteps} steps that register workers of the given kinds. Every step is chosen
     * without looking at the state (backends by pid from a small range, handles by number, workers by slot) and
     * does nothing where it names no one: jqwik can then drop any step of a failing chain while shrinking, where
     * a step chosen from the state would pin every step before it.
     */
    static ActionChainArbitrary<LifecycleWorld> chains(Supplier<LifecycleWorld> world, List<WorkerKind> kinds,
                                                         int maxSteps) {
        // As many pids as backends may live at once: a pid is soon reused, as L3 needs.
        Arbitrary<Integer> backend = Arbitraries.integers().between(SimulatedCluster.FIRST_BACKEND_PID,
                SimulatedCluster.FIRST_BACKEND_PID + LifecycleWorld.MAX_BACKENDS - 1);
        Arbitrary<Integer> handle = Arbitraries.integers().between(1, 6);
        Arbitrary<Integer> slot = Arbitraries.integers().between(0, LifecycleWorld.SETTINGS.maxWorkerProcesses() - 1);
        return ActionChain.<LifecycleWorld>startWith(world)
                .withAction(3, any(backend.map(pid -> step("backend " + pid + ": starts", w -> w.startBackend(pid)))))
                .withAction(6, any(Combinators.combine(backend, Arbitraries.of(kinds)).as((pid, kind) -> step(
                        "backend " + pid + ": registers a " + kind + " worker", w -> w.register(pid, kind)))))
                .withAction(4, any(Combinators.combine(backend, handle).as((pid, n) -> step(
                        "backend " + pid + ": TerminateBackgroundWorker(handle #" + n + ")", w -> w.terminate(pid, n)))))
                .withAction(2, any(handle.map(n -> step("holder of handle #" + n
                        + ": WaitForBackgroundWorkerStartup(handle #" + n + ")", w -> w.waitFor(n, false)))))
                .withAction(1, any(handle.map(n -> step("holder of handle #" + n
                        + ": WaitForBackgroundWorkerShutdown(handle #" + n + ")", w -> w.waitFor(n, true)))))
                .withAction(2, any(Combinators.combine(backend, handle).as((pid, n) -> step("holder of handle #" + n
                        + ": WaitForBackgroundWorkerStartup(handle #" + n + "), and meanwhile backend " + pid
                        + ": TerminateBackgroundWorker(handle #" + n + ")", w -> {
                            w.waitFor(n, false);
                            w.terminate(pid, n);
                        }))))
                .withAction(5, any(Arbitraries.just(step("postmaster: settles", LifecycleWorld::settle))))
                .withAction(5, any(Combinators.combine(slot, Arbitraries.of(0, 1, 2)).as((s, code) -> step(
                        "worker in slot " + s + ": exits with " + code, w -> w.workerExits(s, code)))))
                .withAction(2, any(Arbitraries.of(1, 4, 5, 60).map(sec -> step("clock: " + sec + " s pass",
                        w -> w.advanceTimeSeconds(sec)))))
                .withAction(1, any(Arbitraries.just(step("postmaster: the next fork() fails", LifecycleWorld::forkFails))))
                .withAction(1, any(backend.map(pid -> step("backend " + pid + ": exits", w -> w.backendExits(pid)))))
                .withAction(1, any(Arbitraries.just(step("postmaster: fast shutdown requested", LifecycleWorld::fastShutdown))))
                .withAction(1, any(Arbitraries.just(step("postmaster: smart shutdown requested", LifecycleWorld::smartShutdown))))
                .withAction(1, any(Arbitraries.just(step("startup process: consistent state reached",
                        LifecycleWorld::consistentStateReached))))
                .withAction(1, any(Arbitraries.just(step("startup process: recovery finished",
                        LifecycleWorld::recoveryFinished))))
                .withMaxTransformations(maxSteps);
    }

    /**
     * Runs {@code chain}, checking every invariant of {@link LifecycleWorld} after every step, then checks from
     * the end state that every wait is answered.
     */
    static void run(ActionChain<LifecycleWorld> chain) {
        LifecycleWorld end = chain
                .withInvariant("S3 handles agree with the model", LifecycleWorld::handlesAgreeWithTheModel)
                .withInvariant("running workers agree with the model", LifecycleWorld::runningWorkersAgreeWithTheModel)
                .withInvariant("S5 parallel accounting", LifecycleWorld::parallelAccounting)
                .withInvariant("S6 capacity", LifecycleWorld::capacity)
                .withInvariant("L3 notifications", LifecycleWorld::notifications)
                .withInvariant("S2/S4 private list mirrors shared memory", LifecycleWorld::postmasterMirrorsSharedMemory)
                .withInvariant("L1 sleeping waiters are woken by their answer", LifecycleWorld::waitersAreWoken)
                .withInvariant("L2 slots in use agree with the model", LifecycleWorld::slotsInUseAgreeWithTheModel)
                .run();
        end.everyWaitIsAnswered();
    }

    /**
     * A step described as {@code "<process>: <what it does>"}: jqwik prints the shrunk chain in these words, and
     * the summary draws it with one lane per process (see {@code JqwikCounterexample}).
     */
    private static Transformer<LifecycleWorld> step(String description, Consumer<LifecycleWorld> step) {
        return Transformer.mutate(description, step);
    }

    /** An action chosen independently of the state. */
    private static Action.Independent<LifecycleWorld> any(Arbitrary<Transformer<LifecycleWorld>> steps) {
        return () -> steps;
    }
}
