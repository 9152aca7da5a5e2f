package org.bgwcheck.launcher.bgworker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.bgwcheck.launcher.support.TestProfile;
import org.junit.jupiter.api.Test;

class BgWorkerEntryCodecTest {

    @Test
    void entriesRoundTrip() {
        BgWorkerEntry entry = new BgWorkerEntry("logical replication launcher", "postgres", "ApplyLauncherMain", -42);
        assertEquals(entry, BgWorkerEntryCodec.decode(BgWorkerEntryCodec.encode(entry)));
        BgWorkerEntry unicode = new BgWorkerEntry("wörker", "org.example.Lib", "f", Long.MIN_VALUE);
        assertEquals(unicode, BgWorkerEntryCodec.decode(BgWorkerEntryCodec.encode(unicode)));
    }

    @Test
    void encodingRefusesEmptyAndOverlongFields() {
        assertThrows(IllegalArgumentException.class,
                () -> BgWorkerEntryCodec.encode(new BgWorkerEntry("", "postgres", "f", 0)));
        assertThrows(IllegalArgumentException.class,
                () -> BgWorkerEntryCodec.encode(new BgWorkerEntry("n", "postgres", "f".repeat(96), 0)));
    }

    @Test
    void everyTruncationAndExtensionIsRefused() {
        byte[] blob = BgWorkerEntryCodec.encode(new BgWorkerEntry("w", "postgres", "NoopWorkerMain", 7));
        for (int length = 0; length < blob.length; length++) {
            byte[] truncated = Arrays.copyOf(blob, length);
            assertThrows(IllegalArgumentException.class, () -> BgWorkerEntryCodec.decode(truncated));
        }
        IllegalArgumentException extended = assertThrows(IllegalArgumentException.class,
                () -> BgWorkerEntryCodec.decode(Arrays.copyOf(blob, blob.length + 1)));
        assertTrue(extended.getMessage().contains("unexpected bytes after bgw_main_arg"));
    }

    @Test
    void randomBlobsAreEitherEntriesOrRefusedCleanly() {
        Random random = TestProfile.random("randomBlobsAreEitherEntriesOrRefusedCleanly");
        for (int i = 0; i < (TestProfile.deep() ? 100_000 : 5_000); i++) {
            byte[] blob = new byte[random.nextInt(64)];
            random.nextBytes(blob);
            try {
                BgWorkerEntryCodec.decode(blob);
            } catch (IllegalArgumentException expected) {
                // the only permitted failure
            }
        }
    }
}
