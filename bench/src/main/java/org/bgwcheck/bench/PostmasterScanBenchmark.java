package org.bgwcheck.bench;

import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.variant.Variant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The postmaster's cost as {@code max_worker_processes} grows, for the slot index (core's default) and C's
 * list search side by side. Three postmaster events, each on a {@link SteadyCluster} it leaves unchanged:
 *
 * <ul>
 *   <li>{@link #backgroundWorkerStateChange}: sigusr1_handler's BackgroundWorkerStateChange (one
 *       FindRegisteredWorkerBySlotNumber per in-use slot: the quadratic part in C) plus the start pass;</li>
 *   <li>{@link #serverLoopStartPass}: maybe_start_bgworkers alone, one walk of the list;</li>
 *   <li>{@link #reaperWorkerExit}: a worker exits and is restarted (CleanupBackgroundWorker's search by pid,
 *       ReportBackgroundWorkerExit, then the start pass).</li>
 * </ul>
 *
 * Slots live in object fields: the backing does not change the growth, and the backend benchmark compares
 * backings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PostmasterScanBenchmark {
    /** max_worker_processes, 8 (PostgreSQL's default) to 4096, each 8 times the last. */
    @Param({"8", "64", "512", "4096"})
    public int slots;

    /** Percent of the slots holding a listed worker. */
    @Param({"25", "50", "100"})
    public int occupancy;

    @Param({"SLOT_INDEX", "LIST_SEARCH"})
    public WorkerLookup lookup;

    private SteadyCluster cluster;

    @Setup(Level.Trial)
    public void buildCluster() {
        cluster = SteadyCluster.build(SlotMemoryKind.OBJECT_FIELDS, slots, occupancy, lookup, Variant.FIXED);
    }

    /** Every event must have left the steady state as it was; a benchmark of another state is worthless. */
    @TearDown(Level.Trial)
    public void checkSteadyState() {
        cluster.check();
    }

    @Benchmark
    public void backgroundWorkerStateChange() {
        cluster.backgroundWorkerStateChange();
    }

    @Benchmark
    public void serverLoopStartPass() {
        cluster.serverLoop();
    }

    @Benchmark
    public void reaperWorkerExit() {
        cluster.reapOneWorker();
    }
}
