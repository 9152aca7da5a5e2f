package org.bgwcheck.stress.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bgwcheck.core.shmem.SlotMemoryKind;

/**
 * What the gate runs for each profile, on the two backings: the object fields that C2 reorders freely, and
 * the direct {@code ByteBuffer} in the C layout that the launcher maps between processes.
 */
enum Plan {
    /**
     * {@code mvn verify}: CI-sized settings, the build's JDK; every test on the object fields, the fixed
     * protocol alone on the direct buffer. The direct buffer's slot accesses share one C2 alias class, which
     * C2 keeps in order, so it cannot show an ordering fault on x86; the lock-rule faults do not depend on
     * the backing. That third of the forks is better left to the deep and measure plans.
     */
    QUICK,
    /** {@code mvn -Pdeep verify}: jcstress's default mode, on the build's JDK and on Temurin 25 where present. */
    DEEP,
    /** Detection measurements for the README: jcstress's quick mode, repeated. */
    MEASURE;

    /** The plan's own jcstress settings. */
    Settings settings() {
        return switch (this) {
            case QUICK -> Settings.CI;
            case DEEP -> Settings.DEFAULT;
            case MEASURE -> Settings.QUICK;
        };
    }

    /** Every run of the plan, in order: repetitions outermost, so that stopping early leaves a balanced sample. */
    List<StressRun> runs(List<StressTest> tests, int repeat, Settings settings, Jdk jdk, Path jdk25) {
        List<Jdk> jdks = new ArrayList<>(List.of(jdk));
        if (this == DEEP) {
            Jdk.at(jdk25).filter(j -> j.feature() != jdk.feature()).ifPresent(jdks::add);
        }
        List<StressTest> onBuffer = this == QUICK ? tests.stream().filter(t -> t.variant().isFixed()).toList() : tests;
        List<StressRun> runs = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            for (Jdk j : jdks) {
                runs.add(new StressRun(tests, SlotMemoryKind.OBJECT_FIELDS, j, settings));
                if (!onBuffer.isEmpty()) {
                    runs.add(new StressRun(onBuffer, SlotMemoryKind.DIRECT_BUFFER, j, settings));
                }
            }
        }
        return runs;
    }
}
