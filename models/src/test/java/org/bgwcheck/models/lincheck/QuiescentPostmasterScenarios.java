package org.bgwcheck.models.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
 * {@value BackgroundWorkerOperations#POSTMASTER} group) appear in the sequential parts before and after the
 * parallel part, mixed with backend operations; the parallel part holds backend operations only.
 *
 * <p>Why: the postmaster takes no lock and makes several separately visible writes per event (for instance
 * {@code pid = 0}, then {@code parallel_terminate_count++}, then {@code in_use = false} when a worker is
 * forgotten). A backend can observe the states in between, so no atomic model of a postmaster event is
 * linearizable, and putting the postmaster under the lock would check another protocol. What this checks
 * instead is stated in {@link BackgroundWorkerOperations}. Random choices come from Lincheck's
 * {@link RandomProvider}, whose seed is fixed: the same options give the same scenarios.
 */
public final class QuiescentPostmasterScenarios extends ExecutionGenerator {
    private final Random random;
    private final List<ActorGenerator> everyOperation;
    private final List<ActorGenerator> backendOperations;

    public QuiescentPostmasterScenarios(CTestConfiguration configuration, CTestStructure structure,
                                        RandomProvider randomProvider) {
        super(configuration, structure);
        this.random = randomProvider.createRandom();
        this.everyOperation = structure.actorGenerators;
        List<ActorGenerator> postmaster = new ArrayList<>();
        for (CTestStructure.OperationGroup group : structure.operationGroups) {
            if (group.name.equals(BackgroundWorkerOperations.POSTMASTER)) {
                postmaster.addAll(group.actors);
            }
        }
        this.backendOperations = new ArrayList<>(everyOperation);
        this.backendOperations.removeAll(postmaster);
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
        Method register;
        try {
            register = BackgroundWorkerOperations.class.getMethod("register", WorkerKind.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        List<List<Actor>> parallel = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            parallel.add(List.of(new Actor(register, List.of(WorkerKind.PARALLEL), false, false, false, false, false)));
        }
        return new ExecutionScenario(List.of(), parallel, List.of(), null);
    }

    private List<Actor> actors(List<ActorGenerator> from, int n, int threadId) {
        List<Actor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(from.get(random.nextInt(from.size())).generate(threadId, random));
        }
        return out;
    }
}
