package org.bgwcheck.launcher.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.bgwcheck.launcher.kind.ChildKind;
import org.bgwcheck.launcher.support.ParameterFileBytes;
import org.bgwcheck.launcher.support.TestGlobals;
import org.bgwcheck.launcher.support.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The parameter file format in-process: everything the parent encodes decodes to the same
 * values, and every damaged file is refused with the reason that matches the damage, never with
 * an unexpected exception.
 */
class BackendParametersCodecTest {

    private static final Path DATA = Path.of("/srv/bgwcheck/data");

    @Test
    void everyKindRoundTripsWithAndWithoutClientSocket() throws Exception {
        Random random = TestProfile.random("everyKindRoundTripsWithAndWithoutClientSocket");
        ClientSocket[] clients = {null, TestGlobals.loopbackV4(), TestGlobals.loopbackV6()};
        for (ChildKind kind : ChildKind.values()) {
            for (ClientSocket client : clients) {
                for (int size : new int[] {0, 1, 2 + random.nextInt(5000)}) {
                    byte[] startup = new byte[size];
                    random.nextBytes(startup);
                    BackendParameters sent = new BackendParameters(kind, TestGlobals.globals(DATA), client, startup);
                    BackendParameters received = BackendParametersCodec.decode(BackendParametersCodec.encode(sent));
                    assertEquals(sent.kind(), received.kind());
                    assertEquals(sent.globals(), received.globals());
                    assertEquals(sent.clientSocket(), received.clientSocket());
                    assertArrayEquals(sent.startupData(), received.startupData());
                }
            }
        }
    }

    @Test
    void libraryPathAndNonAsciiPathsRoundTrip() throws Exception {
        PostmasterGlobals globals = new PostmasterGlobals(1, Path.of("/srv/données/ünïcode"), Path.of("/dev/shm/bgw"),
                "/opt/a.jar:/opt/b", new Gucs(262143, 1024));
        BackendParameters received = BackendParametersCodec.decode(BackendParametersCodec.encode(
                new BackendParameters(ChildKind.BGWORKER, globals, null, new byte[0])));
        assertEquals(globals, received.globals());
        assertNull(received.clientSocket());
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] file = sample();
        for (int length = 0; length < file.length; length++) {
            String message = refusal(ParameterFileBytes.truncated(file, length));
            if (length < BackendParametersCodec.HEADER_SIZE + BackendParametersCodec.CHECKSUM_SIZE) {
                assertTrue(message.contains("shorter than the smallest possible"), message);
            } else {
                assertTrue(message.contains("(truncated)"), message);
            }
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] file = sample();
        for (int extra = 1; extra <= 9; extra++) {
            byte[] extended = Arrays.copyOf(file, file.length + extra);
            assertTrue(refusal(extended).contains("(trailing bytes)"));
        }
    }

    @Test
    void everySingleByteCorruptionIsRefusedForTheRightReason() {
        Random random = TestProfile.random("everySingleByteCorruptionIsRefusedForTheRightReason");
        byte[] file = sample();
        int masksPerByte = TestProfile.deep() ? 64 : 4;
        for (int offset = 0; offset < file.length; offset++) {
            for (int i = 0; i < masksPerByte; i++) {
                byte[] corrupt = file.clone();
                corrupt[offset] ^= (byte) (1 + random.nextInt(255));
                String message = refusal(corrupt);
                if (offset < ParameterFileBytes.VERSION_OFFSET) {
                    assertTrue(message.startsWith("bad magic"), "offset " + offset + ": " + message);
                } else if (offset < ParameterFileBytes.GLOBALS_LENGTH_OFFSET) {
                    assertTrue(message.startsWith("format version"), "offset " + offset + ": " + message);
                } else if (offset < ParameterFileBytes.GLOBALS_OFFSET) {
                    // A damaged length either breaks its limit or disagrees with the file's size.
                    assertTrue(message.contains("exceeds the limit") || message.startsWith("header announces"),
                            "offset " + offset + ": " + message);
                } else {
                    assertTrue(message.startsWith("checksum mismatch"), "offset " + offset + ": " + message);
                }
            }
        }
    }

    @Test
    void wrongMagicVersionAndChecksumAreNamed() {
        byte[] file = sample();
        assertTrue(refusal(ParameterFileBytes.withBytes(file, 0, "PGDMPARM".getBytes(StandardCharsets.US_ASCII)))
                .startsWith("bad magic: expected \"BGWPARAM\", found \"PGDMPARM\""));
        assertTrue(refusal(ParameterFileBytes.withInt(file, ParameterFileBytes.VERSION_OFFSET, 2))
                .startsWith("format version 2, but this child reads version 1"));
        byte[] badChecksum = file.clone();
        badChecksum[badChecksum.length - 1] ^= 0x40;
        assertTrue(refusal(badChecksum).startsWith("checksum mismatch: stored 0x"));
    }

    @Test
    void wellFormedButInvalidGlobalsAreRefused() {
        byte[] file = sample();
        int kindName = ParameterFileBytes.GLOBALS_OFFSET + 2; // "backend", 7 bytes
        assertEquals("unknown child kind \"backenX\"",
                refusal(ParameterFileBytes.withByte(file, kindName + 6, 'X')));
        assertEquals("kind name is not valid UTF-8",
                refusal(ParameterFileBytes.withByte(file, kindName, 0xC3)));

        int end = ParameterFileBytes.globalsEnd(file);
        assertEquals("client socket flag is 7, expected 0 or 1", refusal(ParameterFileBytes.withByte(file, end - 1, 7)));
        assertEquals("max_worker_processes -1 is outside the valid range 0..262143",
                refusal(ParameterFileBytes.withInt(file, end - 9, -1)));
        assertEquals("max_parallel_workers 5000 is outside the valid range 0..1024",
                refusal(ParameterFileBytes.withInt(file, end - 5, 5000)));
        assertEquals("globals section has 3 unexpected trailing bytes",
                refusal(ParameterFileBytes.withGlobalsTrailer(file, new byte[3])));
        assertEquals("client socket local address has length 0, expected 4 or 16",
                refusal(ParameterFileBytes.withByte(ParameterFileBytes.withGlobalsTrailer(file, new byte[1]), end - 1, 1)));
    }

    @Test
    void aGlobalsSectionShorterThanItsFieldsIsRefused() {
        byte[] file = sample();
        // Announce 10 bytes of globals: the kind name fits, the pid does not.
        byte[] shortGlobals = new byte[BackendParametersCodec.HEADER_SIZE + 10 + BackendParametersCodec.CHECKSUM_SIZE];
        System.arraycopy(file, 0, shortGlobals, 0, BackendParametersCodec.HEADER_SIZE + 10);
        shortGlobals = ParameterFileBytes.withInt(shortGlobals, ParameterFileBytes.GLOBALS_LENGTH_OFFSET, 10);
        shortGlobals = ParameterFileBytes.withInt(shortGlobals, ParameterFileBytes.STARTUP_LENGTH_OFFSET, 0);
        assertEquals("globals section ends in the middle of a field", refusal(shortGlobals));
    }

    @Test
    void randomGarbageAndRandomMutationsAreAlwaysRefusedCleanly() {
        Random random = TestProfile.random("randomGarbageAndRandomMutationsAreAlwaysRefusedCleanly");
        int rounds = TestProfile.deep() ? 200_000 : 10_000;
        byte[] file = sample();
        for (int i = 0; i < rounds; i++) {
            byte[] candidate;
            if (random.nextBoolean()) {
                candidate = new byte[random.nextInt(200)];
                random.nextBytes(candidate);
                if (candidate.length >= 8 && random.nextBoolean()) {
                    System.arraycopy(file, 0, candidate, 0, 8); // get past the magic now and then
                }
            } else {
                candidate = file.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    candidate[random.nextInt(candidate.length)] ^= (byte) (1 + random.nextInt(255));
                }
                if (Arrays.equals(candidate, file)) {
                    continue; // two flips of one byte with the same mask cancel out: still the valid file
                }
            }
            refusal(candidate); // anything but ParameterFileException fails the test
        }
    }

    @Test
    void encodingRefusesWhatTheFormatCannotHold() {
        PostmasterGlobals longPath = new PostmasterGlobals(1, Path.of("/" + "d".repeat(5000)), Path.of("/s"), "", Gucs.defaults());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () ->
                BackendParametersCodec.encode(new BackendParameters(ChildKind.BACKEND, longPath, null, new byte[0])));
        assertTrue(tooLong.getMessage().startsWith("data directory is 5001 bytes"), tooLong.getMessage());

        byte[] huge = new byte[BackendParametersCodec.MAX_STARTUP_DATA_LENGTH + 1];
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () ->
                BackendParametersCodec.encode(new BackendParameters(ChildKind.BACKEND, TestGlobals.globals(DATA), null, huge)));
        assertTrue(tooBig.getMessage().contains("exceeds the limit"), tooBig.getMessage());
    }

    @Test
    void encodingIsDeterministicAndChecksummed() {
        byte[] first = sample();
        assertArrayEquals(first, sample());
        assertNotEquals(0, first.length);
    }

    private static byte[] sample() {
        return BackendParametersCodec.encode(new BackendParameters(ChildKind.BACKEND, TestGlobals.globals(DATA), null,
                "startup data".getBytes(StandardCharsets.US_ASCII)));
    }

    private static String refusal(byte[] file) {
        return assertThrows(ParameterFileException.class, () -> BackendParametersCodec.decode(file)).getMessage();
    }
}
