package org.bgwcheck.models.fuzz;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.bgwcheck.core.shmem.SlotArrayLayout;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.StartTime;
import org.bgwcheck.models.fuzz.FuzzedPostmaster.Round;
import org.bgwcheck.models.fuzz.ShmemImage.Noise;
import org.bgwcheck.models.fuzz.ShmemImage.Numbers;
import org.bgwcheck.models.fuzz.ShmemImage.Slot;
import org.bgwcheck.models.fuzz.ShmemImage.SlotHeader;
import org.bgwcheck.models.fuzz.ShmemImage.Text;
import org.bgwcheck.models.fuzz.ShmemImage.TextKind;
import org.bgwcheck.models.report.JqwikCheck;
import org.bgwcheck.models.report.Summary;

/**
 * S7, postmaster robustness: no content of the {@code ByteBuffer} slot array makes the postmaster throw, loop
 * without bound, or pass on an unterminated or non-ASCII string, and it logs what it refuses. The images mix
 * plausible values (so that the postmaster gets past its first check and copies, starts and reaps workers) with
 * absurd ones: a wrong {@code total_slots}, unterminated and non-ASCII strings, random flags, start times, pids,
 * restart intervals and notify pids, and stray bytes anywhere.
 */
public class ShmemFuzzProperties {
    private static final String PROPERTY = "S7: the postmaster never throws, never loops without bound, passes on"
            + " only terminated ASCII strings and logs what it refuses, whatever shared memory holds";

    @Property
    @JqwikCheck(check = "jqwik-shmem-fuzz", mode = Summary.Mode.FUZZ, property = PROPERTY, quickTries = 10_000,
            deepTries = 1_000_000)
    void postmasterSurvivesAnySharedMemory(Variant variant, @ForAll("rounds") List<Round> rounds,
                                           @ForAll boolean direct) {
        new FuzzedPostmaster(variant, direct).run(rounds);
    }

    @Property
    @JqwikCheck(check = "jqwik-shmem-fuzz", mode = Summary.Mode.FUZZ, property = PROPERTY, quickTries = 10_000,
            deepTries = 100_000, detects = Fault.TRUSTS_SHARED_STRINGS)
    void trustsSharedStrings(Variant variant, @ForAll("rounds") List<Round> rounds, @ForAll boolean direct) {
        new FuzzedPostmaster(variant, direct).run(rounds);
    }

    @Property
    @JqwikCheck(check = "jqwik-shmem-fuzz", mode = Summary.Mode.FUZZ, property = PROPERTY, quickTries = 10_000,
            deepTries = 100_000, detects = Fault.TRUSTS_TOTAL_SLOTS)
    void trustsTotalSlots(Variant variant, @ForAll("rounds") List<Round> rounds, @ForAll boolean direct) {
        new FuzzedPostmaster(variant, direct).run(rounds);
    }

    @Provide
    Arbitrary<List<Round>> rounds() {
        Arbitrary<List<Integer>> exitCodes = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(0, 1, 2)), Tuple.of(1, Arbitraries.integers())).list().ofMinSize(1)
                .ofMaxSize(4);
        return Combinators.combine(image(), exitCodes, Arbitraries.of(0, 1, 5, 3600)).as(Round::new)
                .list().ofMinSize(1).ofMaxSize(3);
    }

    private static Arbitrary<ShmemImage> image() {
        Arbitrary<Integer> totalSlots = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(FuzzedPostmaster.SLOTS)),
                Tuple.of(1, Arbitraries.of(FuzzedPostmaster.SLOTS - 1, FuzzedPostmaster.SLOTS + 1, 0, -1,
                        Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20)),
                Tuple.of(1, Arbitraries.integers()));
        return Combinators.combine(totalSlots, Arbitraries.integers(), Arbitraries.integers(),
                slot().list().ofSize(FuzzedPostmaster.SLOTS)).as(ShmemImage::new);
    }

    private static Arbitrary<Slot> slot() {
        Arbitrary<Byte> flag = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of((byte) 0, (byte) 1)), Tuple.of(1, Arbitraries.bytes()));
        Arbitrary<SlotHeader> header = Combinators.combine(flag, flag, Arbitraries.integers(), Arbitraries.longs())
                .as(SlotHeader::new);
        Arbitrary<Numbers> numbers = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(BgwFlags.SHMEM_ACCESS, 0,
                                BgwFlags.SHMEM_ACCESS | BgwFlags.BACKEND_DATABASE_CONNECTION,
                                BgwFlags.SHMEM_ACCESS | BgwFlags.BACKEND_DATABASE_CONNECTION | BgwFlags.CLASS_PARALLEL)),
                        Tuple.of(1, Arbitraries.integers())),
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(StartTime.POSTMASTER_START.code(),
                        StartTime.CONSISTENT_STATE.code(), StartTime.RECOVERY_FINISHED.code())),
                        Tuple.of(1, Arbitraries.integers())),
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(BgwLimits.BGW_NEVER_RESTART, 0, 5)),
                        Tuple.of(1, Arbitraries.integers())),
                Arbitraries.longs(),
                Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(0, SimulatedCluster.FIRST_BACKEND_PID)),
                        Tuple.of(1, Arbitraries.integers())))
                .as(Numbers::new);
        Arbitrary<List<Noise>> noise = Combinators.combine(
                Arbitraries.integers().between(0, SlotArrayLayout.SLOT_SIZE - 1), Arbitraries.bytes())
                .as(Noise::new).list().ofMaxSize(8);
        return Combinators.combine(header, text().list().ofSize(4), numbers, noise).as(Slot::new);
    }

    /** A string field: mostly a proper C string, else unterminated, non-ASCII or plain random bytes. */
    private static Arbitrary<Text> text() {
        Arbitrary<TextKind> kind = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(TextKind.PROPER)),
                Tuple.of(1, Arbitraries.of(TextKind.UNTERMINATED, TextKind.NON_ASCII, TextKind.RANDOM)));
        return Combinators.combine(kind, Arbitraries.integers().between(0, BgwLimits.BGW_MAXLEN - 1),
                Arbitraries.longs()).as(Text::of);
    }
}
