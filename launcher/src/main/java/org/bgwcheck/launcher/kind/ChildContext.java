package org.bgwcheck.launcher.kind;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;

import org.bgwcheck.launcher.param.BackendParameters;

/**
 * What a child's main function starts from once {@code SubPostmasterMain} has restored it: the
 * decoded parameter file (the globals {@code restore_backend_variables} sets in C, plus the
 * startup data), the re-attached shared memory, and the channel on which it reports to the
 * postmaster.
 *
 * @param parameters   everything the parent wrote into the parameter file
 * @param sharedMemory the mapped shared-memory file, or {@code null} for a kind that does not
 *                     attach ({@code PGSharedMemoryNoReAttach})
 * @param out          the child's report channel (its standard output)
 * @param signalPipe   the child's signal pipe (its standard input, written by the postmaster; see
 *                     {@code signal.SignalPipeReader}), or {@code null} when the child runs
 *                     in-process without a postmaster (the AppCDS training run)
 */
public record ChildContext(BackendParameters parameters, MappedByteBuffer sharedMemory, PrintStream out,
                           InputStream signalPipe) {
}
