package org.bgwcheck.stress.gate;

import java.util.List;

import org.bgwcheck.core.shmem.SlotMemoryKind;

/** One jcstress invocation: these tests, on this backing and JDK, with these settings. */
record StressRun(List<StressTest> tests, SlotMemoryKind backing, Jdk jdk, Settings settings) {

    /** A {@code -t} expression that matches exactly these tests. */
    String testRegexp() {
        StringBuilder sb = new StringBuilder("^(");
        for (int i = 0; i < tests.size(); i++) {
            sb.append(i == 0 ? "" : "|").append(java.util.regex.Pattern.quote(tests.get(i).name()));
        }
        return sb.append(")$").toString();
    }

    String label() {
        return settings.label() + ", " + backing + ", JDK " + jdk.feature() + ", " + tests.size() + " tests";
    }
}
