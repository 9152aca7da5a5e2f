package org.bgwcheck.weak;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.bgwcheck.core.shmem.Barrier;
import org.bgwcheck.core.shmem.OrderingSite;
import org.bgwcheck.core.variant.SpecialisingClassLoader;
import org.bgwcheck.weak.explore.Bounds;
import org.bgwcheck.weak.memory.MemoryModel;

/**
 * Each of the four fences deleted from core's code itself (a class-loader rewrite of the {@code shm.fence}
 * call, no catalogue switch): under WEAK the explorer must catch the result through S1 (the publish and scan
 * barriers) or S4/S5 (the release barriers); under SC and TSO the deletion cannot be seen, and must not be.
 */
class FenceRemovalTest {
    static Stream<Arguments> removals() {
        return Stream.of(OrderingSite.values())
                .flatMap(site -> Stream.of(MemoryModel.values()).map(model -> Arguments.of(site, model)));
    }

    /** What a missing barrier at {@code site} breaks. */
    static List<String> breaks(OrderingSite site) {
        return site.barrier() == Barrier.FULL ? List.of("S4", "S5") : List.of("S1");
    }

    @ParameterizedTest(name = "without {0} under {1}")
    @MethodSource("removals")
    void removedFenceIsCaughtExactlyWhereTheModelReorders(OrderingSite site, MemoryModel model) throws Exception {
        Bounds b = WeakProfile.hunt(model);
        ClassLoader loader = SpecialisingClassLoader.withoutFence(site, getClass().getClassLoader(),
                "org.bgwcheck.weak.");
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) loader.loadClass("org.bgwcheck.weak.explore.IsolatedRun")
                .getMethod("explore", String.class, List.class, int.class, int.class, int.class, int.class)
                .invoke(null, model.name(), breaks(site), b.backends(), b.slots(), b.generations(),
                        b.maxParallelWorkers());
        String variant = "FIXED-without-" + site.name();
        String reproduce = "mvn -B -pl weak -am verify -Dtest='FenceRemovalTest' -Dsurefire.failIfNoSpecifiedTests=false";
        if (model == MemoryModel.WEAK) {
            Explorations.mustDetect("fence removed from the code", variant, breaks(site), facts, reproduce);
        } else {
            Explorations.mustStayClean("fence removed from the code, no reordering to show it", variant,
                    breaks(site), facts, false, reproduce);
        }
    }
}
