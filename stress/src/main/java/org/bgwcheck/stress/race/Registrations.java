package org.bgwcheck.stress.race;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bgwcheck.core.worker.BackgroundWorker;

/** Comparing the postmaster's copy of a registration with what the backend registered, field by field. */
final class Registrations {
    private Registrations() {
    }

    /**
     * The {@code BackgroundWorker} fields, by their C names, in which {@code copy} differs from
     * {@code registered}; empty when the copy is complete and current.
     */
    static String fieldsDiffering(BackgroundWorker copy, BackgroundWorker registered) {
        List<String> differ = new ArrayList<>();
        if (!copy.name().equals(registered.name())) {
            differ.add("bgw_name");
        }
        if (!copy.type().equals(registered.type())) {
            differ.add("bgw_type");
        }
        if (copy.flags() != registered.flags()) {
            differ.add("bgw_flags");
        }
        if (copy.startTime() != registered.startTime()) {
            differ.add("bgw_start_time");
        }
        if (copy.restartTime() != registered.restartTime()) {
            differ.add("bgw_restart_time");
        }
        if (!copy.libraryName().equals(registered.libraryName())) {
            differ.add("bgw_library_name");
        }
        if (!copy.functionName().equals(registered.functionName())) {
            differ.add("bgw_function_name");
        }
        if (copy.mainArg() != registered.mainArg()) {
            differ.add("bgw_main_arg");
        }
        if (!Arrays.equals(copy.extra(), registered.extra())) {
            differ.add("bgw_extra");
        }
        if (copy.notifyPid() != registered.notifyPid()) {
            differ.add("bgw_notify_pid");
        }
        return String.join(",", differ);
    }
}
