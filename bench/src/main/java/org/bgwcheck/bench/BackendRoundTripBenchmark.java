package org.bgwcheck.bench;

import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.backend.WorkerStatus;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Backend round trips per second (register, terminate, status) with one and two backend threads on every
 * slot-memory backing, next to the floor: the same lock taken the same way around nothing. The thread
 * counts are fixed per method so both run in one invocation; do not pass JMH's {@code -t}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The round trip inlines into one large method, which C2 takes seconds to compile on a loaded machine.
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BackendRoundTripBenchmark {
    /** One slot array shared by all backend threads of a trial. */
    @State(Scope.Benchmark)
    public static class Cluster {
        @Param({"OBJECT_FIELDS", "HEAP_BUFFER", "DIRECT_BUFFER"})
        public SlotMemoryKind backing;

        RoundTripCluster cluster;

        @Setup(Level.Trial)
        public void build() {
            cluster = new RoundTripCluster(backing, Variant.FIXED);
        }
    }

    /** One lock shared by all threads of a trial, as BackgroundWorkerLock is shared by all backends. */
    @State(Scope.Benchmark)
    public static class Floor {
        final LockFloor floor = new LockFloor();
    }

    @Benchmark
    @Threads(1)
    public WorkerStatus roundTripOneBackend(Cluster c) {
        return c.cluster.roundTrip();
    }

    @Benchmark
    @Threads(2)
    public WorkerStatus roundTripTwoBackends(Cluster c) {
        return c.cluster.roundTrip();
    }

    @Benchmark
    @Threads(1)
    public void lockFloorOneBackend(Floor f) {
        f.floor.takeLikeARoundTrip();
    }

    @Benchmark
    @Threads(2)
    public void lockFloorTwoBackends(Floor f) {
        f.floor.takeLikeARoundTrip();
    }
}
