package org.bgwcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.postmaster.PmState;
import org.bgwcheck.core.postmaster.WorkerLookup;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.sim.SimulatedBackend;
import org.bgwcheck.core.sim.SimulatedCluster;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BackgroundWorker;
import org.bgwcheck.core.worker.WorkerSettings;
import org.junit.jupiter.api.Test;

/** The slot index and C's list search are a cost choice only: the same history gives the same world. */
class WorkerLookupTest {
    @Test
    void bothLookupsDecideTheSame() {
        assertEquals(history(WorkerLookup.SLOT_INDEX), history(WorkerLookup.LIST_SEARCH));
    }

    private static List<String> history(WorkerLookup lookup) {
        SimulatedCluster c = new SimulatedCluster(SlotMemoryKind.OBJECT_FIELDS.create(6), new WorkerSettings(6, 3),
                Variant.FIXED, lookup);
        c.startPostmaster(PmState.RUN);
        SimulatedBackend b = c.startBackend();
        List<BackgroundWorkerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            BackgroundWorker w = i % 2 == 0 ? BackgroundWorker.parallel("p" + i, 0)
                    : BackgroundWorker.named("w" + i).withRestartTime(1);
            b.register(w).ifPresent(handles::add);
        }
        b.terminate(handles.get(1));
        c.runPostmaster();
        c.exitWorker(c.runningWorkers().keySet().iterator().next(), 1);
        c.advanceTimeMicros(2_000_000);
        c.runPostmaster();
        List<String> out = new ArrayList<>();
        handles.forEach(h -> out.add(h + " " + b.status(h)));
        out.add(c.signals().toString());
        out.add(c.postmaster().registeredWorkers().toString());
        return out;
    }
}
