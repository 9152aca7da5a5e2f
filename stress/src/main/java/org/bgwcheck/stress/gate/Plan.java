package org.bgwcheck.stress.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.bgwcheck.core.shmem.OrderingSite;
import org.bgwcheck.core.shmem.SlotMemoryKind;

/**
 * What the gate runs for each profile, on the two backings: the object fields that C2 reorders freely, and
 * the direct {@code ByteBuffer} in the C layout that the launcher maps between processes.
 */
enum Plan {
    /**
     * {@code mvn verify}: CI-sized settings, the build's JDK; every test on the object fields, the fixed protocol
     * alone on the direct buffer. On the object fields the fixed protocol's tests at the ordering sites ({@link
     * #guarded}) run in jcstress's quick mode, so that the code users ship gets at least the budget of any fault
     * at each site; so do the {@link #hunted} release faults, unless the fault hunt is moved to the deep profile
     * ({@link FaultHunt#DEEP}). The direct buffer's slot accesses share one C2 alias class, which C2 keeps in
     * order, so it cannot show an ordering fault on x86; the lock-rule faults do not depend on the backing. That
     * third of the forks is better left to the deep and measure plans.
     */
    QUICK,
    /** {@code mvn -Pdeep verify}: jcstress's default mode, on the build's JDK and on Temurin 25 where present. */
    DEEP,
    /**
     * Detection measurements for the README: the quick plan's own CI settings (what the gate's verdict rests
     * on), repeated, on every test asked for and both backings. jcstress's full quick preset is
     * {@code --mode=quick}: its 29 JVM setups per test on JDK 17 took about 100 s per test on this shared
     * machine, some 20 minutes per repetition of the 13 fault variants against 2–3 minutes.
     */
    MEASURE;

    /** The plan's own jcstress settings. */
    Settings settings() {
        return switch (this) {
            case QUICK -> Settings.CI;
            case DEEP -> Settings.DEFAULT;
            case MEASURE -> Settings.CI;
        };
    }

    /**
     * Every run of the plan on those of the two backings asked for, in order: repetitions outermost, so that
     * stopping early leaves a balanced sample.
     */
    List<StressRun> runs(List<StressTest> tests, int repeat, Settings settings, FaultHunt hunt, Jdk jdk, Path jdk25,
                         Set<SlotMemoryKind> backings) {
        List<Jdk> jdks = new ArrayList<>(List.of(jdk));
        if (this == DEEP) {
            Jdk.at(jdk25).filter(j -> j.feature() != jdk.feature()).ifPresent(jdks::add);
        }
        List<StressTest> onBuffer = this == QUICK ? tests.stream().filter(t -> t.variant().isFixed()).toList() : tests;
        // In its own CI settings the quick plan gives the guarded and hunted tests a quick-mode run of their own.
        List<StressTest> quickMode = this == QUICK && settings == Settings.CI
                ? tests.stream().filter(t -> guarded(t) || (hunt == FaultHunt.QUICK && hunted(t))).toList()
                : List.of();
        List<StressTest> onFields = tests.stream().filter(t -> !quickMode.contains(t)).toList();
        List<StressRun> runs = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            for (Jdk j : jdks) {
                if (backings.contains(SlotMemoryKind.OBJECT_FIELDS)) {
                    if (!onFields.isEmpty()) {
                        runs.add(new StressRun(onFields, SlotMemoryKind.OBJECT_FIELDS, j, settings));
                    }
                    if (!quickMode.isEmpty()) {
                        runs.add(new StressRun(quickMode, SlotMemoryKind.OBJECT_FIELDS, j, Settings.QUICK));
                    }
                }
                if (backings.contains(SlotMemoryKind.DIRECT_BUFFER) && !onBuffer.isEmpty()) {
                    runs.add(new StressRun(onBuffer, SlotMemoryKind.DIRECT_BUFFER, j, settings));
                }
            }
        }
        return runs;
    }

    /**
     * The tests the quick plan runs in jcstress's quick mode rather than the CI setting: the faults of
     * BackgroundWorkerStateChange's release (no barrier; the seed's {@code pid = 0} after it). With the
     * protocol specialised to each variant, their two stores share a block that C2 may emit in either
     * order; an interrupt between them does the rest. Quick mode's 28 JVM setups caught them in about half
     * and a tenth of its forks (README.md); the CI setting's two forks are too few. The other ordering
     * faults were seen too rarely for any affordable setting, and the lock-rule faults need none. Object
     * fields only: the direct buffer's accesses share one alias class, kept in order.
     */
    static boolean hunted(StressTest t) {
        return t.site().contains(OrderingSite.RELEASE_ON_SCAN_TERMINATE.name()) && !t.variant().isFixed();
    }

    /**
     * The fixed protocol's tests at the ordering sites (a publish, a scan's read, a release), which the quick plan
     * runs in jcstress's quick mode: a regression of a fence lands in the fixed code, and there the CI setting's
     * one or two million samples saw nothing where quick mode's tens of millions saw the same code fail
     * (README.md). The lock-rule tests need no such budget: their faults show within the CI setting.
     */
    static boolean guarded(StressTest t) {
        return t.variant().isFixed()
                && Arrays.stream(OrderingSite.values()).anyMatch(s -> t.site().contains(s.name()));
    }

    /**
     * Where the quick plan hunts the {@link #hunted} release faults: in its own quick-mode run ({@code quick},
     * the default), or nowhere beyond the CI setting, leaving the hunt to the deep profile ({@code deep}), once
     * a deterministic weak-memory layer catches those faults within the quick profile. The fixed protocol keeps
     * its quick-mode budget either way. Maven property {@code stress.faultHunt}, option {@code --fault-hunt}.
     */
    enum FaultHunt { QUICK, DEEP }
}
