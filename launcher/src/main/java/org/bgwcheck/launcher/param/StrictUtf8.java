package org.bgwcheck.launcher.param;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strict UTF-8 decoding for the binary formats. Decoding replaces malformed input with U+FFFD, so
 * a string is valid exactly when it encodes back to the same bytes; checking that way keeps the
 * child clear of the {@code CharsetDecoder} machinery, which it would otherwise load just for this.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** The string in these bytes, or {@code null} if they are not valid UTF-8. */
    public static String decode(byte[] bytes, int offset, int length) {
        String value = new String(bytes, offset, length, StandardCharsets.UTF_8);
        byte[] again = value.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(again, 0, again.length, bytes, offset, offset + length) ? value : null;
    }
}
