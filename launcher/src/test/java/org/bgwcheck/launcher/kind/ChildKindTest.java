package org.bgwcheck.launcher.kind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ChildKindTest {

    @Test
    void namesAreUniqueAndLookUpTheirKind() {
        Set<String> names = new HashSet<>();
        for (ChildKind kind : ChildKind.values()) {
            assertTrue(names.add(kind.childName()), kind.childName());
            assertEquals(kind, ChildKind.byChildName(kind.childName()));
            assertNotNull(kind.main());
        }
        assertNull(ChildKind.byChildName("postmaster"));
    }

    @Test
    void onlyTheSysloggerStaysOutOfSharedMemory() {
        for (ChildKind kind : ChildKind.values()) {
            assertEquals(kind != ChildKind.SYSLOGGER, kind.attachesSharedMemory(), kind.childName());
        }
        assertFalse(ChildKind.SYSLOGGER.attachesSharedMemory());
    }
}
