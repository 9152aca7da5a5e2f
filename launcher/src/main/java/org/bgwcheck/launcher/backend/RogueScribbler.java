package org.bgwcheck.launcher.backend;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Random;

import org.bgwcheck.core.shmem.SlotArrayLayout;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerCodec;
import org.bgwcheck.core.worker.BackgroundWorkerLayout;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.BgwLimits;
import org.bgwcheck.core.worker.StartTime;
import org.bgwcheck.launcher.bgworker.BgWorkerFunctionLookup;
import org.bgwcheck.launcher.bgworker.InternalBgWorkers;

/**
 * What a rogue backend does to {@code BackgroundWorkerArray}: writes over it without the lock and
 * without any barrier, the way a backend with a wild pointer would. The postmaster must survive it
 * (S7): PostgreSQL's {@code BackgroundWorkerStateChange} trusts nothing in shared memory, copies
 * strings with {@code ascii_safe_strlcpy} and sanity-checks every registration, because "shared
 * memory may be corrupted by a rogue backend" and a postmaster crash takes the whole cluster down.
 *
 * <p>Only the slot array is written, never the launcher's header (lock word, PMSignal flag): the
 * header stands for PostgreSQL's own synchronisation primitives, which are outside this protocol.
 * Each round picks one kind of damage, so that both pure noise (which the sanity checks refuse)
 * and near-valid registrations with poisoned strings (which get past them and must be copied
 * safely) reach the postmaster.
 */
public final class RogueScribbler {

    /** The kinds of damage, one per round. */
    public enum Damage {
        /**
         * Random bytes over the whole array, {@code total_slots} included. Like PostgreSQL's, the
         * postmaster then finds the array "inconsistent" and ignores it until the next reset.
         */
        NOISE,
        /** Random bytes over every slot; the array's header (total_slots, counters) is kept. */
        SLOTS_NOISE,
        /** Random bytes over one slot. */
        ONE_SLOT,
        /**
         * A registration that passes for a real one (internal library, known function, shared
         * memory, in_use), but whose name and type are unterminated and full of non-ASCII bytes.
         */
        POISONED_STRINGS,
        /** Random parallel_register_count and parallel_terminate_count. */
        COUNTERS,
        /** Random in_use, terminate, pid and generation in every slot, registrations left alone. */
        SLOT_HEADERS
    }

    private RogueScribbler() {
    }

    /**
     * One round of damage to the array in {@code array} (position 0 = {@code total_slots}) with
     * {@code capacity} slots.
     *
     * @return what was done, for the report
     */
    public static String scribble(ByteBuffer array, int capacity, Random random) {
        return scribble(array, capacity, random, Damage.values()[random.nextInt(Damage.values().length)]);
    }

    /** One round of this kind of damage; returns what was done ({@code kind:bytes}). */
    public static String scribble(ByteBuffer array, int capacity, Random random, Damage damage) {
        return damage.name().toLowerCase(Locale.ROOT) + ":" + write(array, capacity, random, damage);
    }

    /** Writes the damage; returns how many bytes were written. */
    private static int write(ByteBuffer array, int capacity, Random random, Damage damage) {
        long size = SlotArrayLayout.sizeFor(capacity);
        switch (damage) {
            case NOISE -> {
                return randomBytes(array, 0, (int) size, random);
            }
            case SLOTS_NOISE -> {
                return randomBytes(array, SlotArrayLayout.SLOTS, (int) size - SlotArrayLayout.SLOTS, random);
            }
            case ONE_SLOT -> {
                return randomBytes(array, SlotArrayLayout.slotOffset(random.nextInt(capacity)), SlotArrayLayout.SLOT_SIZE,
                        random);
            }
            case POISONED_STRINGS -> {
                int slot = random.nextInt(capacity);
                int base = SlotArrayLayout.slotOffset(slot);
                boolean finishes = random.nextBoolean();
                BackgroundWorker plausible = new BackgroundWorker("rogue", "", BgwFlags.SHMEM_ACCESS,
                        StartTime.CONSISTENT_STATE.code(), BgwLimits.BGW_NEVER_RESTART,
                        BgWorkerFunctionLookup.INTERNAL_LIBRARY,
                        finishes ? InternalBgWorkers.NOOP : InternalBgWorkers.WAIT_FOR_TERMINATE, 0, new byte[0], 0);
                put(array, base + SlotArrayLayout.SLOT_WORKER, BackgroundWorkerCodec.encode(plausible));
                // Name and type: BGW_MAXLEN bytes, none of them NUL, most of them not ASCII.
                for (int field : new int[] {BackgroundWorkerLayout.NAME, BackgroundWorkerLayout.TYPE}) {
                    for (int i = 0; i < BgwLimits.BGW_MAXLEN; i++) {
                        array.put(base + SlotArrayLayout.SLOT_WORKER + field + i, (byte) (1 + random.nextInt(255)));
                    }
                }
                array.putInt(base + SlotArrayLayout.SLOT_PID, BgwLimits.INVALID_PID);
                array.putLong(base + SlotArrayLayout.SLOT_GENERATION, random.nextLong());
                array.put(base + SlotArrayLayout.SLOT_TERMINATE, (byte) 0);
                array.put(base + SlotArrayLayout.SLOT_IN_USE, (byte) 1);
                return SlotArrayLayout.SLOT_SIZE;
            }
            case COUNTERS -> {
                array.putInt(SlotArrayLayout.PARALLEL_REGISTER_COUNT, random.nextInt());
                array.putInt(SlotArrayLayout.PARALLEL_TERMINATE_COUNT, random.nextInt());
                return 8;
            }
            case SLOT_HEADERS -> {
                for (int s = 0; s < capacity; s++) {
                    int base = SlotArrayLayout.slotOffset(s);
                    array.put(base + SlotArrayLayout.SLOT_IN_USE, (byte) random.nextInt(256));
                    array.put(base + SlotArrayLayout.SLOT_TERMINATE, (byte) random.nextInt(256));
                    array.putInt(base + SlotArrayLayout.SLOT_PID, random.nextInt());
                    array.putLong(base + SlotArrayLayout.SLOT_GENERATION, random.nextLong());
                }
                return capacity * SlotArrayLayout.SLOT_WORKER;
            }
            default -> throw new IllegalStateException("unknown damage " + damage);
        }
    }

    private static int randomBytes(ByteBuffer array, int offset, int length, Random random) {
        byte[] noise = new byte[length];
        random.nextBytes(noise);
        put(array, offset, noise);
        return length;
    }

    private static void put(ByteBuffer array, int offset, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            array.put(offset + i, bytes[i]);
        }
    }
}
