package org.bgwcheck.models.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.models.cluster.WorkerKind;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.CTestStructure;
import org.jetbrains.kotlinx.lincheck.execution.ActorGenerator;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionGenerator;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CTestConfiguration;
import org.jetbrains.lincheck.datastructures.RandomProvider;

/**
 * Scenarios in which the postmaster acts only while no backend operation is in flight: its operations (the
 * {@value BackgroundWorkerOperations#POSTMASTER} and {@value BackgroundWorkerOperations#SHUTDOWN_AND_WAITS}
 * groups) appear in the sequential parts before and after the parallel part, mixed with backend operations; the
 * parallel part holds backend operations only.
 *
 * <p>Why: the postmaster takes no lock and makes several separately visible writes per event (for instance
 * {@code pid = 0}, then {@code parallel_terminate_count++}, then {@code in_use = false} when a worker is
 * forgotten). A backend can observe the states in between, so no atomic model of a postmaster event is
 * linearizable, and putting the postmaster under the lock would check another protocol. What this checks
 * instead is stated in {@link BackgroundWorkerOperations}. Random choices come from Lincheck's
 * {@link RandomProvider}, whose seed is fixed: the same options give the same scenarios.
 */
public class QuiescentPostmasterScenarios extends ExecutionGenerator {
    private final Random random;
    private final List<ActorGenerator> everyOperation;
    private final List<ActorGenerator> backendOperations;

    public QuiescentPostmasterScenarios(CTestConfiguration configuration, CTestStructure structure,
                                        RandomProvider randomProvider) {
        this(configuration, structure, randomProvider, true);
    }

    private QuiescentPostmasterScenarios(CTestConfiguration configuration, CTestStructure structure,
                                         RandomProvider randomProvider, boolean withShutdownsAndWaits) {
        super(configuration, structure);
        this.random = randomProvider.createRandom();
        this.everyOperation = new ArrayList<>(structure.actorGenerators);
        this.backendOperations = new ArrayList<>(everyOperation);
        for (CTestStructure.OperationGroup group : structure.operationGroups) {
            if (group.name.equals(BackgroundWorkerOperations.POSTMASTER)) {
                backendOperations.removeAll(group.actors);
            } else if (group.name.equals(BackgroundWorkerOperations.SHUTDOWN_AND_WAITS)) {
                backendOperations.removeAll(group.actors);
                if (!withShutdownsAndWaits) {
                    everyOperation.removeAll(group.actors);
                }
            }
        }
    }

    /**
     * For model checking, which is there for the lock: it explores the interleavings of the parallel part, where
     * shutdowns and waits never run, and pays for every access of the sequential parts; those paths are stress
     * mode's.
     */
    public static final class WithoutShutdownsAndWaits extends QuiescentPostmasterScenarios {
        public WithoutShutdownsAndWaits(CTestConfiguration configuration, CTestStructure structure,
                                        RandomProvider randomProvider) {
            super(configuration, structure, randomProvider, false);
        }
    }

    @Override
    public ExecutionScenario nextExecution() {
        int threads = testConfiguration.getThreads();
        List<Actor> before = actors(everyOperation, testConfiguration.getActorsBefore(), 0);
        List<List<Actor>> parallel = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parallel.add(actors(backendOperations, testConfiguration.getActorsPerThread(), t));
        }
        List<Actor> after = actors(everyOperation, testConfiguration.getActorsAfter(), threads);
        return new ExecutionScenario(before, parallel, after, testStructure.validationFunction);
    }

    /**
     * The scenario every lock bug shows in, checked before the random ones: two backends register parallel
     * workers at once on an empty array. Without BackgroundWorkerLock both can find the same slot free and the
     * parallel limit not yet reached.
     */
    public static ExecutionScenario twoBackendsRegisterAtOnce() {
        List<List<Actor>> parallel = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            parallel.add(List.of(actor("register", WorkerKind.PARALLEL)));
        }
        return new ExecutionScenario(List.of(), parallel, List.of(), null);
    }

    /**
     * The registrant waits for a worker that is listed but not started (its start time has not come), after
     * another backend asked to terminate it and before the postmaster has noticed: the wait must end STOPPED, which
     * it does only if the postmaster's report of the terminate wakes it (ReportBackgroundWorkerPID signals the
     * notify pid). Without that wake-up it waits for ever.
     */
    public static ExecutionScenario terminateWhileTheRegistrantWaits() {
        BackgroundWorkerHandle listed = new BackgroundWorkerHandle(0, 1);
        List<Actor> before = List.of(actor("register", WorkerKind.AFTER_RECOVERY), actor("postmasterSettles"));
        List<List<Actor>> parallel = List.of(List.of(actor("terminate", listed)), List.of(actor("status", listed)));
        List<Actor> after = List.of(actor("waitForStartup", listed));
        return new ExecutionScenario(before, parallel, after, null);
    }

    /** An actor calling the operation {@code name} of {@link BackgroundWorkerOperations} with {@code args}. */
    private static Actor actor(String name, Object... args) {
        for (Method m : BackgroundWorkerOperations.class.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, List.of(args), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException("no operation " + name + " with " + args.length + " arguments");
    }

    private List<Actor> actors(List<ActorGenerator> from, int n, int threadId) {
        List<Actor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(from.get(random.nextInt(from.size())).generate(threadId, random));
        }
        return out;
    }
}
