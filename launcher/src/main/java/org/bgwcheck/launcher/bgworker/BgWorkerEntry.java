package org.bgwcheck.launcher.bgworker;

import java.util.Objects;

/**
 * The part of a {@code BackgroundWorker} registration that starting the worker needs: which
 * function to run, from which library, with which argument.
 *
 * @param name         {@code bgw_name}, for messages
 * @param libraryName  {@code bgw_library_name}: "postgres" for a built-in entry point, otherwise the
 *                     fully qualified name of the class that holds the function
 * @param functionName {@code bgw_function_name}
 * @param mainArg      {@code bgw_main_arg}, the Datum handed to the function
 */
public record BgWorkerEntry(String name, String libraryName, String functionName, long mainArg) {

    /** The library name that selects {@link InternalBgWorkers}, as in PostgreSQL. */
    public static final String INTERNAL_LIBRARY = "postgres";

    public BgWorkerEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(libraryName, "libraryName");
        Objects.requireNonNull(functionName, "functionName");
    }
}
