package org.bgwcheck.models.fuzz;

import java.nio.ByteBuffer;
import java.util.List;

import org.bgwcheck.core.shmem.SlotArrayLayout;
import org.bgwcheck.core.worker.BackgroundWorkerLayout;
import org.bgwcheck.core.worker.BackgroundWorkerLayout.StringField;
import org.bgwcheck.core.worker.BgwLimits;

/**
 * {@code BackgroundWorkerArray} as a rogue backend may leave it: any {@code total_slots}, any counters, and per
 * slot any flag bytes, numbers and string bytes, plus stray bytes anywhere. Written over the C layout byte for
 * byte, so the postmaster reads exactly these bytes.
 */
record ShmemImage(int totalSlots, int registerCount, int terminateCount, List<Slot> slots) {

    /** What a string field holds. */
    enum TextKind {
        /** A proper C string: printable ASCII, NUL-terminated. */
        PROPER,
        /** BGW_MAXLEN bytes and no NUL. */
        UNTERMINATED,
        /** Bytes 128-255, NUL-terminated. */
        NON_ASCII,
        /** Any BGW_MAXLEN bytes. */
        RANDOM
    }

    /** Raw bytes of one fixed-size string field; shown escaped, so a shrunk sample is readable. */
    record Text(byte[] bytes) {
        /**
         * The bytes drawn from {@code seed}: generating a handful of numbers per field instead of 96 separate
         * bytes keeps each try cheap enough for a million of them, and still shrinks (kind, length, seed).
         */
        static Text of(TextKind kind, int length, long seed) {
            java.util.Random r = new java.util.Random(seed);
            byte[] b = new byte[BgwLimits.BGW_MAXLEN];
            int n = kind == TextKind.UNTERMINATED || kind == TextKind.RANDOM ? b.length : Math.min(length, b.length - 1);
            for (int i = 0; i < n; i++) {
                b[i] = (byte) switch (kind) {
                    case PROPER -> ' ' + r.nextInt('~' - ' ' + 1);
                    case UNTERMINATED -> 1 + r.nextInt(255);
                    case NON_ASCII -> 128 + r.nextInt(128);
                    case RANDOM -> r.nextInt(256);
                };
            }
            return new Text(b);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("\"");
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] == 0) {
                end--;
            }
            for (int i = 0; i < end; i++) {
                int c = bytes[i] & 0xff;
                sb.append(c >= 32 && c < 127 && c != '"' ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
            return sb.append(end == bytes.length ? "\" (unterminated)" : "\"").toString();
        }
    }

    /** in_use, terminate, pid and generation of a slot. */
    record SlotHeader(byte inUse, byte terminate, int pid, long generation) {
    }

    /** The registration's numeric fields. */
    record Numbers(int flags, int startTime, int restartTime, long mainArg, int notifyPid) {
    }

    /** One stray byte at an offset into the slot. */
    record Noise(int offset, byte value) {
    }

    record Slot(SlotHeader header, List<Text> strings, Numbers numbers, List<Noise> noise) {
    }

    void writeTo(ByteBuffer buf) {
        buf.putInt(SlotArrayLayout.TOTAL_SLOTS, totalSlots);
        buf.putInt(SlotArrayLayout.PARALLEL_REGISTER_COUNT, registerCount);
        buf.putInt(SlotArrayLayout.PARALLEL_TERMINATE_COUNT, terminateCount);
        for (int s = 0; s < slots.size(); s++) {
            Slot slot = slots.get(s);
            int at = SlotArrayLayout.slotOffset(s);
            int worker = at + SlotArrayLayout.SLOT_WORKER;
            buf.put(at + SlotArrayLayout.SLOT_IN_USE, slot.header().inUse());
            buf.put(at + SlotArrayLayout.SLOT_TERMINATE, slot.header().terminate());
            buf.putInt(at + SlotArrayLayout.SLOT_PID, slot.header().pid());
            buf.putLong(at + SlotArrayLayout.SLOT_GENERATION, slot.header().generation());
            StringField[] fields = StringField.values();
            for (int f = 0; f < fields.length; f++) {
                buf.put(worker + fields[f].offset(), slot.strings().get(f).bytes(), 0, BgwLimits.BGW_MAXLEN);
            }
            buf.putInt(worker + BackgroundWorkerLayout.FLAGS, slot.numbers().flags());
            buf.putInt(worker + BackgroundWorkerLayout.START_TIME, slot.numbers().startTime());
            buf.putInt(worker + BackgroundWorkerLayout.RESTART_TIME, slot.numbers().restartTime());
            buf.putLong(worker + BackgroundWorkerLayout.MAIN_ARG, slot.numbers().mainArg());
            buf.putInt(worker + BackgroundWorkerLayout.NOTIFY_PID, slot.numbers().notifyPid());
            for (Noise n : slot.noise()) {
                buf.put(at + n.offset(), n.value());
            }
        }
    }
}
