package org.bgwcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.bgwcheck.core.shmem.ByteBufferSlotMemory;
import org.bgwcheck.core.shmem.SlotArrayLayout;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BackgroundWorkerCodec;
import org.bgwcheck.core.worker.BackgroundWorkerLayout;
import org.bgwcheck.core.worker.BackgroundWorkerLayout.StringField;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.CStrings;
import org.junit.jupiter.api.Test;

/** The C layout and the paranoid string copy. */
class EncodingTest {
    private static final BackgroundWorker SAMPLE = BackgroundWorker.named("name")
            .withType("type").withFlags(BgwFlags.SHMEM_ACCESS | BgwFlags.CLASS_PARALLEL)
            .withEntryPoint("library", "function").withMainArg(0x0102030405060708L)
            .withExtra(new byte[] {1, 2, 3}).withNotifyPid(4242);

    @Test
    void codecRoundTripsAndUsesTheCOffsets() {
        byte[] image = BackgroundWorkerCodec.encode(SAMPLE);
        assertEquals(544, image.length, "sizeof(BackgroundWorker) on a 64-bit C compiler");
        assertEquals(SAMPLE, BackgroundWorkerCodec.decode(image));
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.nativeOrder());
        assertEquals('t', b.get(96));
        assertEquals(SAMPLE.flags(), b.getInt(192));
        assertEquals('l', b.get(204));
        assertEquals('f', b.get(300));
        assertEquals(0x0102030405060708L, b.getLong(400));
        assertEquals(4242, b.getInt(536));
        assertThrows(IllegalArgumentException.class, () -> BackgroundWorkerCodec.decode(new byte[10]));
    }

    @Test
    void slotArrayLayoutMatchesBackgroundWorkerShmemSize() {
        assertEquals(560, SlotArrayLayout.SLOT_SIZE);
        assertEquals(16 + 8 * 560, SlotArrayLayout.sizeFor(8));
        ByteBufferSlotMemory shm = ByteBufferSlotMemory.allocate(2, false);
        shm.writeWorker(1, SAMPLE);
        shm.setGeneration(1, 77);
        shm.setPid(1, 99);
        shm.setInUse(1, true);
        byte[] slotImage = new byte[BackgroundWorkerLayout.SIZE];
        shm.buffer().get(SlotArrayLayout.slotOffset(1) + SlotArrayLayout.SLOT_WORKER, slotImage);
        assertArrayEquals(BackgroundWorkerCodec.encode(SAMPLE), slotImage, "the slot holds the struct image");
        assertEquals(1, shm.buffer().get(SlotArrayLayout.slotOffset(1)));
        assertEquals(77L, shm.buffer().order(ByteOrder.nativeOrder()).getLong(SlotArrayLayout.slotOffset(1) + 8));
        assertThrows(IllegalArgumentException.class, () -> new ByteBufferSlotMemory(ByteBuffer.allocate(100), 2));
    }

    @Test
    void asciiSafeCopyAlwaysTerminatesAndFilters() {
        byte[] raw = new byte[96];
        Arrays.fill(raw, (byte) 'x');
        assertEquals(95, CStrings.asciiSafeCopy(raw).length(), "an unterminated field is cut at BGW_MAXLEN - 1");
        assertEquals("a?b\tc", CStrings.asciiSafeCopy(new byte[] {'a', (byte) 0xe9, 'b', '\t', 'c', 0, 'z'}));
        assertEquals("?", CStrings.asciiSafeCopy(new byte[] {1}));
        assertTrue(CStrings.isSafe("plain text"));
        assertFalse(CStrings.isSafe("caf\u00e9"));
        assertFalse(CStrings.isSafe("x".repeat(96)));
        assertEquals(96, CStrings.trustingCopy(raw).length(), "what a trusting postmaster would pass on");
        assertEquals("name", CStrings.trustingCopy(ByteBufferSlotMemoryStrings.field(SAMPLE, StringField.NAME)));
    }

    /** The raw field bytes of a registration, via its encoding. */
    private static final class ByteBufferSlotMemoryStrings {
        static byte[] field(BackgroundWorker w, StringField f) {
            return Arrays.copyOfRange(BackgroundWorkerCodec.encode(w), f.offset(), f.offset() + 96);
        }
    }
}
