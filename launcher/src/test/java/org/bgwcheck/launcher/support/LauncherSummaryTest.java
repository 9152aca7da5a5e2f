package org.bgwcheck.launcher.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class LauncherSummaryTest {

    @Test
    void entriesAreWrittenAsAJsonArrayWithEscapedText() {
        String json = LauncherSummary.toJson(List.of(
                new LauncherSummary.Entry("a \"quoted\" check", "C3", "FIXED", true, 1.5, "line 1\nline 2\t\\ \u0001"),
                new LauncherSummary.Entry("b", "S5", "FIXED", false, 0, "")));
        assertEquals("[\n"
                + "  {\"check\": \"a \\\"quoted\\\" check\", \"property\": \"C3\", \"variant\": \"FIXED\", \"passed\": true,"
                + " \"seconds\": 1.500, \"detail\": \"line 1\\nline 2\\t\\\\ \\u0001\"},\n"
                + "  {\"check\": \"b\", \"property\": \"S5\", \"variant\": \"FIXED\", \"passed\": false, \"seconds\": 0.000,"
                + " \"detail\": \"\"}\n"
                + "]\n", json);
        assertEquals("[\n]\n", LauncherSummary.toJson(List.of()));
    }
}
