package org.bgwcheck.launcher.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReportLineTest {

    @Test
    void formatsAndParsesBack() {
        ReportLine line = ReportLine.of("ready").with("kind", "backend").with("shmem", 8192);
        assertEquals("ready kind=backend shmem=8192", line.toString());
        ReportLine parsed = ReportLine.parse(line.toString());
        assertEquals("ready", parsed.tag());
        assertEquals(line.fields(), parsed.fields());
    }

    @Test
    void otherOutputIsNotAReport() {
        assertNull(ReportLine.parse(""));
        assertNull(ReportLine.parse("[0.021s][warning][cds] Unable to use shared archive"));
        assertNull(ReportLine.parse("bgworker says hello"));
        assertNull(ReportLine.parse("a=b c=d"));
    }

    @Test
    void refusesTokensThatWouldBreakTheLine() {
        assertThrows(IllegalArgumentException.class, () -> ReportLine.of("ready").with("name", "two words"));
        assertThrows(IllegalArgumentException.class, () -> ReportLine.of("ready").with("k", ""));
        assertThrows(IllegalArgumentException.class, () -> ReportLine.of("a\nb"));
    }
}
