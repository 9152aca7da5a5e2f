package org.bgwcheck.launcher.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StrictUtf8Test {

    @Test
    void validUtf8DecodesIncludingAReplacementCharacterThatWasReallyThere() {
        byte[] bytes = "x/données/\uFFFD/😀".getBytes(StandardCharsets.UTF_8);
        assertEquals("données/\uFFFD/😀", StrictUtf8.decode(bytes, 2, bytes.length - 2));
    }

    @Test
    void malformedSequencesAreRefused() {
        byte[][] malformed = {
            {(byte) 0xC3},                                     // truncated two-byte sequence
            {(byte) 0xC0, (byte) 0xAF},                        // overlong '/'
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},           // encoded surrogate (CESU-8)
            {(byte) 0xFF},                                     // never valid
            {'a', (byte) 0x80, 'b'},                           // stray continuation byte
        };
        for (byte[] bytes : malformed) {
            assertNull(StrictUtf8.decode(bytes, 0, bytes.length));
        }
    }
}
