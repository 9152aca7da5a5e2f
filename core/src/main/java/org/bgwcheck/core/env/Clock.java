package org.bgwcheck.core.env;

/** {@code GetCurrentTimestamp}: microseconds, only ever compared with each other. */
@FunctionalInterface
public interface Clock {
    long currentTimestampMicros();
}
