package org.bgwcheck.launcher.bgworker;

/**
 * A background worker's entry point, PostgreSQL's {@code bgworker_main_type}: called with the
 * registration's {@code bgw_main_arg}. Returning ends the worker cleanly (exit status 0);
 * throwing ends it with status 1.
 */
public interface BgWorkerFunction {
    void main(long mainArg) throws Exception;
}
