package org.bgwcheck.models.lincheck;

import java.util.Arrays;
import java.util.Random;

import org.bgwcheck.models.cluster.WorkerKind;
import org.jetbrains.lincheck.datastructures.ParameterGenerator;
import org.jetbrains.lincheck.datastructures.RandomProvider;

/** Registrations of the kinds named in the configuration ({@code "NEVER_RESTART,PARALLEL"}), uniformly. */
public final class WorkerKindGen implements ParameterGenerator<WorkerKind> {
    private final Random random;
    private final WorkerKind[] kinds;

    public WorkerKindGen(RandomProvider randomProvider, String configuration) {
        this.random = randomProvider.createRandom();
        this.kinds = Arrays.stream(configuration.split(",")).map(String::trim).map(WorkerKind::valueOf)
                .toArray(WorkerKind[]::new);
    }

    @Override
    public WorkerKind generate() {
        return kinds[random.nextInt(kinds.length)];
    }
}
