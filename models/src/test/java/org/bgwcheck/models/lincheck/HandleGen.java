package org.bgwcheck.models.lincheck;

import java.util.Random;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.jetbrains.lincheck.datastructures.ParameterGenerator;
import org.jetbrains.lincheck.datastructures.RandomProvider;

/**
 * Handles as a backend could hold them: any slot, any generation from a small range. Most do not match the
 * slot's current registration (stale, or never issued), which is exactly what handle safety (S3) is about; the
 * range is small so that the current one comes up often too.
 *
 * <p>Configuration {@code "slots:maxGeneration"}: slot in [0, slots), generation in [0, maxGeneration].
 */
public final class HandleGen implements ParameterGenerator<BackgroundWorkerHandle> {
    private final Random random;
    private final int slots;
    private final int maxGeneration;

    public HandleGen(RandomProvider randomProvider, String configuration) {
        String[] parts = configuration.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("HandleGen wants \"slots:maxGeneration\", got \"" + configuration + "\"");
        }
        this.random = randomProvider.createRandom();
        this.slots = Integer.parseInt(parts[0].trim());
        this.maxGeneration = Integer.parseInt(parts[1].trim());
    }

    @Override
    public BackgroundWorkerHandle generate() {
        return new BackgroundWorkerHandle(random.nextInt(slots), random.nextInt(maxGeneration + 1));
    }
}
