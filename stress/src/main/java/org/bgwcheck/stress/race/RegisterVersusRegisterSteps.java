package org.bgwcheck.stress.race;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.stress.RegisterVersusRegister;

/** The steps of {@link RegisterVersusRegister}: two backends register into the only free slot. */
public final class RegisterVersusRegisterSteps implements RegisterVersusRegister.Steps {
    private final StressCluster cluster;
    private BackgroundWorkerHandle first;
    private BackgroundWorkerHandle second;

    public RegisterVersusRegisterSteps(String variant) {
        cluster = new StressCluster(Variant.parse(variant));
    }

    @Override
    public void registerFirst() {
        first = cluster.registerDynamicBackgroundWorker(StressCluster.PREVIOUS);
    }

    @Override
    public void registerSecond() {
        second = cluster.registerDynamicBackgroundWorker(StressCluster.NEXT);
    }

    @Override
    public String outcome() {
        if (first != null && second != null) {
            return "BOTH_REGISTERED parallel_register_count="
                    + Integer.toUnsignedString(cluster.shm.parallelRegisterCount());
        }
        return first != null || second != null ? "ONE_REGISTERED" : "NONE_REGISTERED";
    }
}
