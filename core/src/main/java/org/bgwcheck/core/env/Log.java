package org.bgwcheck.core.env;

/** {@code elog}/{@code ereport} below ERROR: the postmaster logs and carries on. */
@FunctionalInterface
public interface Log {
    enum Level { DEBUG1, LOG, WARNING }

    void log(Level level, String message);

    Log DISCARD = (level, message) -> { };
}
