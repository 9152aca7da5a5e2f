package org.bgwcheck.core.worker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Conversions between Java strings and the struct's fixed-size, NUL-terminated char arrays. */
public final class CStrings {
    private CStrings() {
    }

    /** strlcpy into a zeroed {@code BGW_MAXLEN} array; {@link BackgroundWorker} guarantees the text fits. */
    public static byte[] toFixed(String s) {
        byte[] out = new byte[BgwLimits.BGW_MAXLEN];
        byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, out, 0, Math.min(text.length, out.length - 1));
        return out;
    }

    /**
     * {@code ascii_safe_strlcpy}: the postmaster's paranoid copy of a string that may be corrupt. Stops at
     * the first NUL or after {@code BGW_MAXLEN - 1} bytes, whichever comes first, so the result is always
     * terminated; keeps printable ASCII (32..127) and \n \r \t, and turns every other byte into '?'.
     */
    public static String asciiSafeCopy(byte[] raw) {
        int limit = Math.min(raw.length, BgwLimits.BGW_MAXLEN - 1);
        StringBuilder sb = new StringBuilder(limit);
        for (int i = 0; i < limit; i++) {
            int ch = raw[i] & 0xff;
            if (ch == 0) {
                break;
            }
            boolean keep = (ch >= 32 && ch <= 127) || ch == '\n' || ch == '\r' || ch == '\t';
            sb.append(keep ? (char) ch : '?');
        }
        return sb.toString();
    }

    /**
     * What a postmaster that trusts shared memory gets: the bytes up to the first NUL, or all of them if
     * there is none (an unterminated string, which C's strcpy would read past), undecoded and unfiltered.
     * Used only by the {@code TRUSTS_SHARED_STRINGS} fault.
     */
    public static String trustingCopy(byte[] raw) {
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(Arrays.copyOf(raw, end), StandardCharsets.ISO_8859_1);
    }

    /** True if {@code s} could have come out of {@link #asciiSafeCopy}: short enough and plain ASCII. */
    public static boolean isSafe(String s) {
        if (s.length() >= BgwLimits.BGW_MAXLEN) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!((ch >= 32 && ch <= 127) || ch == '\n' || ch == '\r' || ch == '\t')) {
                return false;
            }
        }
        return true;
    }
}
