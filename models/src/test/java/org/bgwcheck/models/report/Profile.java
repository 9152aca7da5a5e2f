package org.bgwcheck.models.report;

import java.util.Locale;

/**
 * The run's budget, from the system property {@code bgwcheck.profile} that the build passes to every test:
 * {@code quick} (the default, CI) or {@code deep} ({@code mvn -Pdeep verify}, hunting).
 */
public enum Profile {
    QUICK, DEEP;

    public static Profile current() {
        return valueOf(System.getProperty("bgwcheck.profile", "quick").trim().toUpperCase(Locale.ROOT));
    }

    /** {@code quick} in the quick profile, {@code deep} in the deep one. */
    public static int pick(int quick, int deep) {
        return current() == QUICK ? quick : deep;
    }
}
