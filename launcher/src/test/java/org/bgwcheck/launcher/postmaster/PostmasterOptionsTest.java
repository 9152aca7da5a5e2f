package org.bgwcheck.launcher.postmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.worker.BgwFlags;
import org.junit.jupiter.api.Test;

class PostmasterOptionsTest {

    @Test
    void optionsParseWithDefaults() {
        PostmasterOptions o = PostmasterOptions.parse(new String[] {"--data-directory=/tmp/x", "--max-worker-processes=4",
            "--initial-state=hot_standby", "--static-worker=keeper:WaitForTerminateWorkerMain:5",
            "--static-worker=log:NoopWorkerMain:-1:noshmem"});
        assertEquals(4, o.gucs().maxWorkerProcesses());
        assertEquals(8, o.gucs().maxParallelWorkers());
        assertEquals(PmState.HOT_STANDBY, o.initialState());
        assertEquals("FIXED", o.variant().name());
        assertEquals(2, o.staticWorkers().size());
        assertEquals(BgwFlags.SHMEM_ACCESS, o.staticWorkers().get(0).flags());
        assertEquals(5, o.staticWorkers().get(0).restartTime());
        assertEquals(0, o.staticWorkers().get(1).flags());
        assertEquals("probe", o.cdsArchive());
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertRefused("--data-directory is required");
        assertRefused("unknown option --colour", "--data-directory=/tmp/x", "--colour=red");
        assertRefused("expected --option=value", "--data-directory=/tmp/x", "verbose");
        assertRefused("must be an integer", "--data-directory=/tmp/x", "--max-worker-processes=many");
        assertRefused("--initial-state must be", "--data-directory=/tmp/x", "--initial-state=crashed");
        assertRefused("--static-worker must be", "--data-directory=/tmp/x", "--static-worker=onlyname");
        assertRefused("max_worker_processes -1 is outside", "--data-directory=/tmp/x", "--max-worker-processes=-1");
    }

    private static void assertRefused(String fragment, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostmasterOptions.parse(args));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
