package org.bgwcheck.launcher.postmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.backend.DynamicBackgroundWorkers;
import org.bgwcheck.core.backend.InProcessBackgroundWorkerLock;
import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.env.Log;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.Postmaster;
import org.bgwcheck.core.postmaster.PostmasterEnvironment;
import org.bgwcheck.core.shmem.ByteBufferSlotMemory;
import org.bgwcheck.core.shmem.SlotArrayLayout;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerLayout;
import org.bgwcheck.core.worker.WorkerSettings;
import org.bgwcheck.launcher.backend.RogueScribbler;
import org.bgwcheck.launcher.backend.WorkerSpec;
import org.bgwcheck.launcher.support.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The checks the live postmaster runs at quiescent points (and the soak relies on) can fail: each is
 * shown flagging a deliberately broken state, on core's postmaster in one JVM over the same C-layout
 * slot memory the real processes share. Also: the rogue backend's damage, every kind and many seeds,
 * never makes core's postmaster throw (S7 in-process), while the {@code TRUSTS_SHARED_STRINGS} fault
 * lets its poisoned strings into the private list, which the S7 check flags.
 */
class QuiescentCheckTest {

    private static final int SLOTS = 4;
    private static final int PARALLEL = 2;
    private static final WorkerSettings SETTINGS = new WorkerSettings(SLOTS, PARALLEL);

    private final ByteBufferSlotMemory shm = ByteBufferSlotMemory.allocate(SLOTS, false);
    private int nextPid = 5000;

    private Postmaster postmaster(Variant variant) {
        PostmasterEnvironment env = new PostmasterEnvironment((pid, signal) -> { }, (worker, slot) -> nextPid++,
                () -> 1_000_000L, Log.DISCARD);
        Postmaster pm = new Postmaster(shm, SETTINGS, variant, env);
        pm.start(PmState.RUN);
        return pm;
    }

    private DynamicBackgroundWorkers backend(Postmaster pm) {
        return new DynamicBackgroundWorkers(shm, new InProcessBackgroundWorkerLock(), () -> { }, SETTINGS, Variant.FIXED);
    }

    private static BackgroundWorker worker(String name, boolean parallel) {
        WorkerSpec spec = parallel ? WorkerSpec.parallel(name) : WorkerSpec.dynamic(name);
        return spec.toWorker(4242);
    }

    private List<Violation> check(Postmaster pm) {
        return QuiescentCheck.violations(shm, pm.registeredWorkers(), SLOTS, PARALLEL);
    }

    private static List<Property> properties(List<Violation> violations) {
        List<Property> out = new ArrayList<>();
        for (Violation v : violations) {
            out.add(v.property());
        }
        return out;
    }

    /** Two running workers (one parallel), noticed by the postmaster: everything holds. */
    private Postmaster sane() {
        Postmaster pm = postmaster(Variant.FIXED);
        DynamicBackgroundWorkers api = backend(pm);
        Optional<BackgroundWorkerHandle> p = api.registerDynamicWorker(worker("p", true));
        Optional<BackgroundWorkerHandle> d = api.registerDynamicWorker(worker("d", false));
        assertTrue(p.isPresent() && d.isPresent());
        pm.handleBackgroundWorkerChange();
        assertEquals(List.of(), check(pm), "the sane state");
        assertEquals(2, pm.registeredWorkers().size());
        return pm;
    }

    @Test
    void aSaneStatePasses() {
        sane();
    }

    @Test
    void s5FlagsACounterThatDisagreesWithTheInUseParallelSlots() {
        Postmaster pm = sane();
        shm.setParallelRegisterCount(shm.parallelRegisterCount() + 1);
        assertEquals(List.of(Property.S5), properties(check(pm)));
    }

    @Test
    void s5FlagsMoreParallelRegistrationsThanMaxParallelWorkers() {
        Postmaster pm = sane();
        List<Violation> v = QuiescentCheck.violations(shm, pm.registeredWorkers(), SLOTS, 0);
        assertEquals(List.of(Property.S5), properties(v));
        assertTrue(v.get(0).toString().contains("more than max_parallel_workers = 0"), v.toString());
    }

    @Test
    void s6FlagsTotalSlotsOtherThanMaxWorkerProcesses() {
        Postmaster pm = sane();
        shm.setTotalSlots(SLOTS + 1);
        assertEquals(List.of(Property.S6), properties(check(pm)));
    }

    @Test
    void theMirrorFlagsAListedWorkerWhoseSlotIsFree() {
        Postmaster pm = sane();
        shm.setInUse(pm.registeredWorkers().get(1).shmemSlot(), false);
        assertEquals(List.of(Property.S4), properties(check(pm)));
    }

    @Test
    void theMirrorFlagsASlotShowingAnotherPid() {
        Postmaster pm = sane();
        shm.setPid(pm.registeredWorkers().get(0).shmemSlot(), 1);
        assertEquals(List.of(Property.S4), properties(check(pm)));
    }

    @Test
    void theMirrorFlagsAnInUseSlotThePostmasterDoesNotList() {
        Postmaster pm = sane();
        backend(pm).registerDynamicWorker(worker("unseen", false)).orElseThrow();
        // No handleBackgroundWorkerChange: a registration the postmaster has not noticed is not quiescent.
        assertEquals(List.of(Property.S2), properties(check(pm)));
    }

    @Test
    void s7FlagsAnUnsafeStringInThePrivateList() {
        // A postmaster that trusts shared memory (the fault) copies the rogue's non-ASCII name as it is;
        // terminated within BGW_MAXLEN, so the copy is kept and the check must flag it.
        Postmaster pm = postmaster(Variant.of(Fault.TRUSTS_SHARED_STRINGS));
        RogueScribbler.scribble(shm.buffer(), SLOTS, new Random(1), RogueScribbler.Damage.POISONED_STRINGS);
        for (int slot = 0; slot < SLOTS; slot++) {
            for (int field : new int[] {BackgroundWorkerLayout.NAME, BackgroundWorkerLayout.TYPE}) {
                shm.buffer().put(SlotArrayLayout.slotOffset(slot) + SlotArrayLayout.SLOT_WORKER + field + 40, (byte) 0);
            }
        }
        pm.handleBackgroundWorkerChange();
        assertTrue(properties(check(pm)).contains(Property.S7), check(pm).toString());
    }

    @Test
    void anUnterminatedStringMakesATrustingPostmasterThrow() {
        // The same fault without the terminator: the trusting copy runs past BGW_MAXLEN and the
        // postmaster throws, which is S7's other half; the FIXED postmaster survives it (below).
        Postmaster pm = postmaster(Variant.of(Fault.TRUSTS_SHARED_STRINGS));
        RogueScribbler.scribble(shm.buffer(), SLOTS, new Random(1), RogueScribbler.Damage.POISONED_STRINGS);
        assertThrows(IllegalArgumentException.class, pm::handleBackgroundWorkerChange);
        Postmaster fixed = postmaster(Variant.FIXED); // its start re-initialises the array: damage it again
        RogueScribbler.scribble(shm.buffer(), SLOTS, new Random(1), RogueScribbler.Damage.POISONED_STRINGS);
        fixed.handleBackgroundWorkerChange();
        assertEquals(1, fixed.registeredWorkers().size(), "the plausible registration is accepted, its strings sanitized");
        assertEquals(List.of(), check(fixed));
    }

    @Test
    void noDamageMakesThePostmasterThrowOrKeepAnUnsafeString() {
        Random random = TestProfile.random("noDamageMakesThePostmasterThrowOrKeepAnUnsafeString");
        int rounds = TestProfile.deep() ? 20_000 : 2_000;
        Postmaster pm = postmaster(Variant.FIXED);
        DynamicBackgroundWorkers api = backend(pm);
        for (int i = 0; i < rounds; i++) {
            if (random.nextInt(4) == 0) {
                api.registerDynamicWorker(worker("honest" + i, random.nextBoolean()));
            }
            RogueScribbler.Damage damage = RogueScribbler.Damage.values()[random.nextInt(RogueScribbler.Damage.values().length)];
            String what = RogueScribbler.scribble(shm.buffer(), SLOTS, random, damage);
            pm.handleBackgroundWorkerChange();
            if (random.nextInt(3) == 0) {
                for (var rw : pm.registeredWorkers()) {
                    if (rw.pid() > 0) {
                        pm.childExited(rw.pid(), random.nextInt(2));
                    }
                }
            }
            List<Property> found = properties(QuiescentCheck.violations(shm, pm.registeredWorkers(), SLOTS, PARALLEL));
            assertTrue(!found.contains(Property.S7), "round " + i + " (" + what + "): " + found);
            if (random.nextInt(50) == 0) {
                // A crash-restart's reset: what the real postmaster does after the rogue's SIGKILL.
                pm.childExited(4242, 137);
                for (var rw : pm.registeredWorkers()) {
                    if (rw.pid() > 0) {
                        pm.childExited(rw.pid(), 2);
                    }
                }
            }
        }
    }
}
