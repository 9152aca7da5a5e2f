package org.bgwcheck.launcher.postmaster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.StartTime;
import org.bgwcheck.launcher.bgworker.BgWorkerFunctionLookup;
import org.bgwcheck.launcher.param.Gucs;

/**
 * The postmaster process's command line ({@code postgres -D ... -c max_worker_processes=...}):
 *
 * <pre>
 * --data-directory=DIR             required; parameter files go to DIR/pgsql_tmp
 * --shared-memory=FILE             the segment to create (default /dev/shm/bgwcheck.&lt;pid&gt;.shm,
 *                                  or DIR/bgwcheck.shm without /dev/shm)
 * --max-worker-processes=N         default 8
 * --max-parallel-workers=N         default 8
 * --initial-state=run|hot_standby|startup   default run
 * --variant=FIXED|&lt;fault&gt;          default FIXED
 * --library-path=PATH              pkglib_path for external worker libraries
 * --static-worker=NAME:FUNCTION:RESTART[:noshmem]   a worker registered before start (repeatable)
 * --cds-archive=FILE|none|probe    the children's AppCDS archive, already probed, or probe it here
 * </pre>
 */
public record PostmasterOptions(Path dataDirectory, Path sharedMemory, Gucs gucs, PmState initialState, Variant variant,
                                String libraryPath, List<BackgroundWorker> staticWorkers, String cdsArchive) {

    public static PostmasterOptions parse(String[] args) {
        Path data = null;
        Path shm = null;
        int maxWorkers = 8;
        int maxParallel = 8;
        PmState initial = PmState.RUN;
        Variant variant = Variant.FIXED;
        String libraryPath = "";
        String cds = "probe";
        List<BackgroundWorker> statics = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --option=value, got \"" + arg + "\"");
            }
            String key = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (key) {
                case "data-directory" -> data = Path.of(value).toAbsolutePath();
                case "shared-memory" -> shm = Path.of(value).toAbsolutePath();
                case "max-worker-processes" -> maxWorkers = integer(key, value);
                case "max-parallel-workers" -> maxParallel = integer(key, value);
                case "initial-state" -> initial = initialState(value);
                case "variant" -> variant = Variant.parse(value);
                case "library-path" -> libraryPath = value;
                case "static-worker" -> statics.add(staticWorker(value));
                case "cds-archive" -> cds = value;
                default -> throw new IllegalArgumentException("unknown option --" + key);
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data-directory is required");
        }
        if (shm == null) {
            Path devShm = Path.of("/dev/shm");
            shm = Files.isDirectory(devShm) && Files.isWritable(devShm)
                    ? devShm.resolve("bgwcheck." + ProcessHandle.current().pid() + ".shm")
                    : data.resolve("bgwcheck.shm");
        }
        return new PostmasterOptions(data, shm, new Gucs(maxWorkers, maxParallel), initial, variant, libraryPath,
                List.copyOf(statics), cds);
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, not \"" + value + "\"");
        }
    }

    private static PmState initialState(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "run" -> PmState.RUN;
            case "hot_standby" -> PmState.HOT_STANDBY;
            case "startup" -> PmState.STARTUP;
            default -> throw new IllegalArgumentException("--initial-state must be run, hot_standby or startup, not \""
                    + value + "\"");
        };
    }

    /** NAME:FUNCTION:RESTART[:noshmem], starting at postmaster start, from the built-in library. */
    static BackgroundWorker staticWorker(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length < 3 || parts.length > 4 || (parts.length == 4 && !parts[3].equals("noshmem"))) {
            throw new IllegalArgumentException("--static-worker must be NAME:FUNCTION:RESTART[:noshmem], not \""
                    + value + "\"");
        }
        int restart = integer("static-worker restart", parts[2]);
        int flags = parts.length == 4 ? 0 : BgwFlags.SHMEM_ACCESS;
        return BackgroundWorker.named(parts[0]).withEntryPoint(BgWorkerFunctionLookup.INTERNAL_LIBRARY, parts[1])
                .withRestartTime(restart).withFlags(flags).withStartTime(StartTime.POSTMASTER_START);
    }
}
