package org.bgwcheck.stress.gate;

import java.util.List;

/**
 * One test's results over all its JVMs in one jcstress run.
 *
 * @param forks     the test's forked JVMs (each JVM setup runs in one or more forks)
 * @param setups    the distinct JVM setups (JVM options, compilation mode, scheduling) among them
 * @param samples   every outcome jcstress recorded
 * @param forbidden outcomes graded FORBIDDEN by the test's own {@code @Outcome} declarations
 * @param status    jcstress's combined status: NORMAL, or the error that voids the numbers
 * @param jdk       the JDK the test JVMs ran on
 * @param seen      the forbidden outcomes that occurred
 */
record Tally(int forks, int setups, long samples, long forbidden, String status, String jdk, List<ForbiddenOutcome> seen) {

    /** A forbidden outcome that occurred: its id, how often, and its {@code @Outcome} description. */
    record ForbiddenOutcome(String outcome, long count, String description) {
    }
}
