package org.bgwcheck.weak.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.shmem.OrderingSite;
import org.bgwcheck.core.shmem.SlotMemory;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerLayout.StringField;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.CStrings;
import org.bgwcheck.weak.memory.Location.Field;

/**
 * The slot array under a {@link MemoryModel}, operationally: shared memory holds the visible value of each
 * {@link Location}; each process has a store buffer and, under WEAK, loads taken early. Core's protocol code
 * runs on it unchanged; the process it runs as is set by {@link #actAs}, and the explorer decides when a
 * buffered store becomes visible ({@link #commit}) and when the postmaster loads early ({@link #loadEarly}).
 *
 * <p>Ghost state for S4 (as the TLA+ spec's {@code NoClobber}): every visible value carries the epoch of
 * the registration it belongs to. A backend that saw a slot free and then writes it claims a new epoch; every
 * other store carries the epoch of the slot as its writer last saw it (its last load of {@code in_use} or
 * {@code generation}; for a backend, in the same call, else unknown and unchecked). A postmaster store that
 * becomes visible over a value of a later epoch clobbers a later registration (S4); a backend's reaches a
 * registration that is not the one its handle is for (S3).
 */
public final class BufferedSlotMemory implements SlotMemory {
    /** The postmaster's process number; backends are 1..n. */
    public static final int POSTMASTER = 0;
    /** Reads visible memory only and leaves no trace: the checks read as this. */
    public static final int OBSERVER = -1;

    /** A backend's store made without loading the slot's in_use or generation first: its epoch is unknown. */
    private static final int UNKNOWN = -1;

    private final MemoryModel model;
    private final int slots;
    private final Object[] visible;
    private final int[] epoch;
    private final int[] claims;
    private final ProcessView[] processes;
    private final List<Violation> violations = new ArrayList<>();
    private final List<String> operations = new ArrayList<>();
    private int current = OBSERVER;

    public BufferedSlotMemory(MemoryModel model, int slots, int backends) {
        this.model = model;
        this.slots = slots;
        int locations = slots * Location.SLOT_FIELDS + 3;
        this.visible = new Object[locations];
        this.epoch = new int[locations];
        this.claims = new int[slots];
        for (int i = 0; i < locations; i++) {
            visible[i] = initial(Location.of(i, slots).field());
        }
        this.processes = new ProcessView[backends + 1];
        for (int p = 0; p < processes.length; p++) {
            processes[p] = new ProcessView(slots);
            if (p != POSTMASTER) {
                Arrays.fill(processes[p].viewEpoch, UNKNOWN);
            }
        }
    }

    private static Object initial(Field f) {
        return switch (f) {
            case IN_USE, TERMINATE -> Boolean.FALSE;
            case PID, TOTAL_SLOTS, PARALLEL_REGISTER_COUNT, PARALLEL_TERMINATE_COUNT -> 0;
            case GENERATION -> 0L;
            case WORKER -> null;
        };
    }

    /** The process whose code runs next: {@link #POSTMASTER}, a backend 1..n, or {@link #OBSERVER}. */
    public void actAs(int process) {
        current = process;
    }

    // --- what the explorer may do between steps -------------------------------------------------------------

    /** Every buffered store that may become visible now: {process, index in its buffer}. */
    public List<int[]> committable() {
        List<int[]> out = new ArrayList<>();
        for (int p = 0; p < processes.length; p++) {
            List<PendingStore> buffer = processes[p].buffer;
            for (int i = 0; i < buffer.size(); i++) {
                if (mayCommit(buffer, i)) {
                    out.add(new int[] {p, i});
                }
                if (model == MemoryModel.TSO) {
                    break; // FIFO: only the oldest
                }
            }
        }
        return out;
    }

    /** WEAK: a store may overtake earlier ones unless one is to its location or a barrier stands between. */
    private static boolean mayCommit(List<PendingStore> buffer, int i) {
        PendingStore s = buffer.get(i);
        for (int j = 0; j < i; j++) {
            if (buffer.get(j + 1).barrierBefore() || buffer.get(j).location() == s.location()) {
                return false;
            }
        }
        return true;
    }

    /** Makes the {@code index}-th buffered store of {@code process} visible, or delivers its signal. */
    public String commit(int process, int index) {
        PendingStore s = processes[process].buffer.remove(index);
        if (s.isSignal()) {
            s.signal().run();
            return "signal " + s.what() + " delivered";
        }
        int loc = s.location();
        Location where = Location.of(loc, slots);
        if (where.field().inSlot() && s.epoch() != UNKNOWN && s.epoch() < epoch[loc]) {
            // The postmaster's late store clobbers a later registration (S4); a backend's reaches a
            // registration its handle is not for (S3).
            Property broken = process == POSTMASTER ? Property.S4 : Property.S3;
            violations.add(new Violation(broken, "a store of " + where + " = " + render(s.value())
                    + " made by " + (process == POSTMASTER ? "the postmaster" : "backend " + process)
                    + " for registration #" + s.epoch() + " of slot " + where.slot()
                    + " became visible over registration #" + epoch[loc] + " of that slot"));
        }
        visible[loc] = s.value();
        if (s.epoch() != UNKNOWN) {
            epoch[loc] = s.epoch();
        }
        return where + " = " + render(s.value()) + " becomes visible";
    }

    /** Under WEAK, the postmaster may load a slot's registration and terminate flag before its scan loads in_use. */
    public boolean mayLoadEarly(int slot) {
        return model == MemoryModel.WEAK && !processes[POSTMASTER].early.containsKey(loc(Field.WORKER, slot));
    }

    /** The postmaster's loads of {@code worker} and {@code terminate} of {@code slot}, taken now, used later. */
    public String loadEarly(int slot) {
        ProcessView pm = processes[POSTMASTER];
        for (Field f : List.of(Field.WORKER, Field.TERMINATE)) {
            int loc = loc(f, slot);
            if (pm.latest(loc) == null) {
                pm.early.put(loc, new Seen(visible[loc], epoch[loc]));
            }
        }
        return "loads worker[" + slot + "] = " + render(visible[loc(Field.WORKER, slot)]) + ", terminate[" + slot
                + "] = " + visible[loc(Field.TERMINATE, slot)] + " early";
    }

    /**
     * The end of one process's step: its claims end, a backend's view of the slots with them; the
     * postmaster's early loads end with its work step (its loop's system calls order its loads).
     */
    public void endStep(int process, boolean postmasterWork) {
        ProcessView p = processes[process];
        Arrays.fill(p.claimEpoch, 0);
        if (process != POSTMASTER) {
            // A backend loads what it needs under the lock in each call; nothing it saw before matters.
            Arrays.fill(p.viewEpoch, UNKNOWN);
            Arrays.fill(p.sawFree, false);
        } else if (postmasterWork) {
            p.early.clear();
        }
    }

    /** Every buffer drained in program order: a fork, or the start of the world. */
    public void drainAll() {
        for (int p = 0; p < processes.length; p++) {
            drain(p);
        }
    }

    public boolean buffersEmpty() {
        for (ProcessView p : processes) {
            if (!p.buffer.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Whether backend {@code process}'s buffer is empty: BackgroundWorkerLock cannot change hands before. */
    public boolean bufferEmpty(int process) {
        return processes[process].buffer.isEmpty();
    }

    /** How many times backends have claimed {@code slot}: the generations the exploration has reached. */
    public int claims(int slot) {
        return claims[slot];
    }

    /** Violations seen since the last call (S4 at commit). */
    public List<Violation> takeViolations() {
        List<Violation> out = List.copyOf(violations);
        violations.clear();
        return out;
    }

    /** What the last step did to memory, in order (stores buffered, barriers, drains). */
    public List<String> takeOperations() {
        List<String> out = List.copyOf(operations);
        operations.clear();
        return out;
    }

    // --- lock and signals ------------------------------------------------------------------------------------

    /** LWLockAcquire: an acquire; loads after it are satisfied after it. */
    public void lockAcquired() {
        processes[current].early.clear();
    }

    /**
     * LWLockRelease: a release; what the holder stored is visible before anything it does next. The explorer
     * lets no other backend take the lock before the holder's buffer has drained.
     */
    public void lockReleased() {
        processes[current].barrierPending = true;
    }

    /**
     * A signal sent by the current process (a PMSIGNAL): it arrives after every store made before it, so
     * it waits in the buffer behind them; under SC it arrives at once.
     */
    public void signal(String what, Runnable delivery) {
        if (model == MemoryModel.SC) {
            delivery.run();
            return;
        }
        ProcessView p = processes[current];
        p.buffer.add(new PendingStore(-1, null, 0, true, what, delivery));
        p.barrierPending = false;
        operations.add("signal " + what + " (buffered)");
    }

    // --- loads and stores ----------------------------------------------------------------------------------

    private int loc(Field f, int slot) {
        return new Location(f, slot).index(slots);
    }

    private Object load(Field f, int slot) {
        int loc = loc(f, slot);
        if (current == OBSERVER) {
            return visible[loc];
        }
        ProcessView p = processes[current];
        Object value;
        int e;
        PendingStore own = p.latest(loc);
        Seen early = p.early.get(loc);
        if (own != null) {
            value = own.value();
            e = own.epoch();
        } else if (early != null) {
            value = early.value();
            e = early.epoch();
        } else {
            value = visible[loc];
            e = epoch[loc];
        }
        if (f == Field.IN_USE || f == Field.GENERATION) {
            p.viewEpoch[slot] = e;
            p.sawFree[slot] = f == Field.IN_USE && !(Boolean) value;
        }
        return value;
    }

    private void store(Field f, int slot, Object value) {
        if (current == OBSERVER) {
            throw new IllegalStateException("the observer does not write shared memory");
        }
        int loc = loc(f, slot);
        ProcessView p = processes[current];
        int e = 0;
        if (f.inSlot()) {
            if (p.claimEpoch[slot] != 0) {
                e = p.claimEpoch[slot];
            } else if (p.sawFree[slot] && current != POSTMASTER) {
                e = ++claims[slot];
                p.claimEpoch[slot] = e;
                p.viewEpoch[slot] = e;
                p.sawFree[slot] = false;
            } else {
                e = p.viewEpoch[slot];
            }
        }
        p.early.remove(loc);
        PendingStore s = new PendingStore(loc, value, e, p.barrierPending, null, null);
        p.barrierPending = false;
        p.buffer.add(s);
        if (model == MemoryModel.SC) {
            operations.add(Location.of(loc, slots) + " = " + render(value));
            commit(current, p.buffer.size() - 1);
            return;
        }
        operations.add(Location.of(loc, slots) + " = " + render(value) + " (buffered)");
    }

    @Override
    public void fence(OrderingSite site) {
        if (current == OBSERVER) {
            return;
        }
        ProcessView p = processes[current];
        switch (site.barrier()) {
            case WRITE -> p.barrierPending = !p.buffer.isEmpty();
            case READ -> p.early.clear();
            case FULL -> {
                int drained = drain(current);
                p.early.clear();
                operations.add(site + " (" + drained + " store(s) made visible first)");
                return;
            }
        }
        operations.add(site.name());
    }

    /** Makes every buffered store of {@code p} visible, in program order. */
    private int drain(int process) {
        ProcessView p = processes[process];
        int n = 0;
        while (!p.buffer.isEmpty()) {
            commit(process, 0);
            n++;
        }
        p.barrierPending = false;
        return n;
    }

    // --- SlotMemory ----------------------------------------------------------------------------------------

    @Override
    public int capacity() {
        return slots;
    }

    @Override
    public int totalSlots() {
        return (Integer) load(Field.TOTAL_SLOTS, -1);
    }

    @Override
    public void setTotalSlots(int n) {
        store(Field.TOTAL_SLOTS, -1, n);
    }

    @Override
    public int parallelRegisterCount() {
        return (Integer) load(Field.PARALLEL_REGISTER_COUNT, -1);
    }

    @Override
    public void setParallelRegisterCount(int n) {
        store(Field.PARALLEL_REGISTER_COUNT, -1, n);
    }

    @Override
    public int parallelTerminateCount() {
        return (Integer) load(Field.PARALLEL_TERMINATE_COUNT, -1);
    }

    @Override
    public void setParallelTerminateCount(int n) {
        store(Field.PARALLEL_TERMINATE_COUNT, -1, n);
    }

    @Override
    public boolean inUse(int slot) {
        return (Boolean) load(Field.IN_USE, slot);
    }

    @Override
    public void setInUse(int slot, boolean inUse) {
        store(Field.IN_USE, slot, inUse);
    }

    @Override
    public boolean terminate(int slot) {
        return (Boolean) load(Field.TERMINATE, slot);
    }

    @Override
    public void setTerminate(int slot, boolean terminate) {
        store(Field.TERMINATE, slot, terminate);
    }

    @Override
    public int pid(int slot) {
        return (Integer) load(Field.PID, slot);
    }

    @Override
    public void setPid(int slot, int pid) {
        store(Field.PID, slot, pid);
    }

    @Override
    public long generation(int slot) {
        return (Long) load(Field.GENERATION, slot);
    }

    @Override
    public void setGeneration(int slot, long generation) {
        store(Field.GENERATION, slot, generation);
    }

    @Override
    public void writeWorker(int slot, BackgroundWorker worker) {
        store(Field.WORKER, slot, worker);
    }

    private BackgroundWorker worker(int slot) {
        return (BackgroundWorker) load(Field.WORKER, slot);
    }

    /** One field of the slot's registration, one load of the whole; a zeroed slot reads as zeros. */
    private <T> T fromWorker(int slot, Function<BackgroundWorker, T> field, T zeroed) {
        BackgroundWorker w = worker(slot);
        return w == null ? zeroed : field.apply(w);
    }

    @Override
    public byte[] workerString(int slot, StringField field) {
        return fromWorker(slot, w -> CStrings.toFixed(switch (field) {
            case NAME -> w.name();
            case TYPE -> w.type();
            case LIBRARY_NAME -> w.libraryName();
            case FUNCTION_NAME -> w.functionName();
        }), new byte[BgwLimits.BGW_MAXLEN]);
    }

    @Override
    public int workerFlags(int slot) {
        return fromWorker(slot, BackgroundWorker::flags, 0);
    }

    @Override
    public int workerStartTime(int slot) {
        return fromWorker(slot, BackgroundWorker::startTime, 0);
    }

    @Override
    public int workerRestartTime(int slot) {
        return fromWorker(slot, BackgroundWorker::restartTime, 0);
    }

    @Override
    public long workerMainArg(int slot) {
        return fromWorker(slot, BackgroundWorker::mainArg, 0L);
    }

    @Override
    public byte[] workerExtra(int slot) {
        return fromWorker(slot, w -> w.extra().clone(), new byte[BgwLimits.BGW_EXTRALEN]);
    }

    @Override
    public int workerNotifyPid(int slot) {
        return fromWorker(slot, BackgroundWorker::notifyPid, 0);
    }

    // --- state, for the explorer's visited set and for counterexamples ---------------------------------------

    /**
     * Everything that decides what this memory does next, as text: equal texts, equal futures, up to the
     * names {@code label} gives registrations and worker pids.
     */
    public void describeState(StringBuilder out, Function<Object, String> label) {
        for (int i = 0; i < visible.length; i++) {
            out.append(label(Location.of(i, slots), visible[i], label)).append('@').append(epoch[i]).append(',');
        }
        out.append("|claims");
        for (int c : claims) {
            out.append(',').append(c);
        }
        for (ProcessView p : processes) {
            out.append("|buf");
            for (PendingStore s : p.buffer) {
                Location where = s.isSignal() ? null : Location.of(s.location(), slots);
                out.append(',').append(s.barrierBefore() ? "!" : "").append(s.isSignal() ? "sig:" + s.what()
                        : where + "=" + label(where, s.value(), label) + "@" + s.epoch());
            }
            out.append("|early");
            new TreeMap<>(p.early).forEach((loc, seen) -> out.append(loc).append('=')
                    .append(label(Location.of(loc, slots), seen.value(), label)).append('@').append(seen.epoch()));
            out.append("|view").append(Arrays.toString(p.viewEpoch))
                    .append(Arrays.toString(p.sawFree)).append(p.barrierPending);
        }
    }

    private static String label(Location where, Object value, Function<Object, String> label) {
        if (where.field() == Field.WORKER || where.field() == Field.PID && (Integer) value > 0) {
            return label.apply(value);
        }
        return String.valueOf(value);
    }

    /** A registration by its name (unique per registration in the explorer), or the zeroed image. */
    static String render(Object value) {
        if (value == null) {
            return "(zeroed)";
        }
        if (value instanceof BackgroundWorker w) {
            return "\"" + w.name() + "\"";
        }
        return String.valueOf(value);
    }

    /** A value as loaded, with the epoch of the registration it belongs to. */
    record Seen(Object value, int epoch) {
        @Override
        public String toString() {
            return render(value) + "@" + epoch;
        }
    }

    /** One process's view: its store buffer, its early loads, and the ghost epochs of its stores. */
    private static final class ProcessView {
        final List<PendingStore> buffer = new ArrayList<>();
        final Map<Integer, Seen> early = new HashMap<>();
        final int[] viewEpoch;
        final boolean[] sawFree;
        final int[] claimEpoch;
        boolean barrierPending;

        ProcessView(int slots) {
            viewEpoch = new int[slots];
            sawFree = new boolean[slots];
            claimEpoch = new int[slots];
        }

        PendingStore latest(int loc) {
            for (int i = buffer.size() - 1; i >= 0; i--) {
                if (buffer.get(i).location() == loc) {
                    return buffer.get(i);
                }
            }
            return null;
        }
    }
}
