package org.bgwcheck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.bgwcheck.core.backend.HandleStatus;
import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Variant;
import org.junit.jupiter.api.Test;

/**
 * The benchmark fixtures do what the benchmarks assume - a steady state that every event leaves as it was,
 * round trips that never run out of slots - checked with small sizes and counts, never timed.
 */
class FixturesTest {
    @Test
    void everyPostmasterEventLeavesTheSteadyState() {
        for (WorkerLookup lookup : WorkerLookup.values()) {
            for (int slots : new int[] {8, 64, 256}) {
                for (int occupancy : new int[] {25, 50, 100}) {
                    SteadyCluster c = SteadyCluster.build(SlotMemoryKind.OBJECT_FIELDS, slots, occupancy, lookup,
                            Variant.FIXED);
                    assertEquals(SteadyCluster.listedWorkers(slots, occupancy), c.listed());
                    for (int i = 0; i < c.listed() + 1; i++) { // every running worker exits once
                        c.backgroundWorkerStateChange();
                        c.serverLoop();
                        c.reapOneWorker();
                    }
                    c.check();
                }
            }
        }
    }

    @Test
    void roundTripsRecycleSlotsOnEveryBacking() {
        for (SlotMemoryKind kind : SlotMemoryKind.values()) {
            RoundTripCluster c = new RoundTripCluster(kind, Variant.FIXED);
            for (int i = 0; i < 10 * RoundTripCluster.SLOTS; i++) {
                assertEquals(HandleStatus.NOT_YET_STARTED, c.roundTrip().status());
            }
        }
    }

    @Test
    void twoBackendsShareTheSlotsWithoutRunningOut() throws InterruptedException {
        RoundTripCluster c = new RoundTripCluster(SlotMemoryKind.OBJECT_FIELDS, Variant.FIXED);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> backends = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread backend = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    // STOPPED too: the other backend's postmaster turn may release the slot before we ask
                    assertNotEquals(HandleStatus.POSTMASTER_DIED, c.roundTrip().status());
                }
            });
            backend.setUncaughtExceptionHandler((th, e) -> failure.set(e));
            backends.add(backend);
            backend.start();
        }
        for (Thread backend : backends) {
            backend.join(60_000);
        }
        assertEquals(null, failure.get());
    }

    @Test
    void fittedExponentIsOneForLinearAndTwoForQuadratic() {
        assertEquals("1.00 (64..4096)", ScanGrowthReport.exponent(series(1)));
        assertEquals("2.00 (64..4096)", ScanGrowthReport.exponent(series(2)));
    }

    private static List<Figure> series(int power) {
        List<Figure> out = new ArrayList<>();
        for (int slots : new int[] {8, 64, 512, 4096}) {
            // a fixed cost that shows at 8 slots only, which the fit leaves out
            double t = slots < 64 ? 1000 + Math.pow(slots, power) : Math.pow(slots, power);
            out.add(new Figure("PostmasterScanBenchmark", "backgroundWorkerStateChange",
                    java.util.Map.of("slots", String.valueOf(slots)), 1, t, 0, t, t, t, "ns/op", 1));
        }
        return out;
    }

    /**
     * The variant-cost benchmark's two sides give the same answers, each from its own loader's copy of core
     * (core's VariantSwitchTest checks that the two copies differ only in the switch reads).
     */
    @Test
    void bothLoadedBuildsRunTheOperationsAlike() {
        for (String op : List.of("roundTrip", "backgroundWorkerStateChange")) {
            Supplier<Object> asBuilt = ProtocolOperations.load(op, false);
            Supplier<Object> without = ProtocolOperations.load(op, true);
            assertNotEquals(FixturesTest.class.getClassLoader(), asBuilt.get().getClass().getClassLoader(), op);
            assertNotEquals(FixturesTest.class.getClassLoader(), without.get().getClass().getClassLoader(), op);
            for (int i = 0; i < 10 * RoundTripCluster.SLOTS; i++) {
                Object a = asBuilt.get();
                Object b = without.get();
                if (op.equals("roundTrip")) {
                    assertEquals(a.toString(), b.toString());
                }
            }
        }
    }
}
