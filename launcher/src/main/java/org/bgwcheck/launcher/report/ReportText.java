package org.bgwcheck.launcher.report;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Free text (a log message, a violation) as one report-line value: URL-encoded, so it has no
 * spaces or line breaks and is never empty.
 */
public final class ReportText {

    private ReportText() {
    }

    public static String encode(String text) {
        return text.isEmpty() ? "%00" : URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    public static String decode(String value) {
        if (value == null) {
            return null;
        }
        return value.equals("%00") ? "" : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
