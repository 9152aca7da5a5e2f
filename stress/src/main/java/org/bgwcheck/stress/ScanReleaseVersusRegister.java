package org.bgwcheck.stress;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * {@code RELEASE_ON_SCAN_TERMINATE}: a parallel leader registered a worker and terminated it before the
 * postmaster noticed either. BackgroundWorkerStateChange frees such a slot itself ({@code pid = 0}, the
 * terminate count, then {@code in_use = false}) while a second backend registers into it.
 */
@Description("BackgroundWorkerStateChange frees a terminated, never-listed slot while a backend re-registers it"
        + " (S4, S5)")
@Checks(sites = "RELEASE_ON_SCAN_TERMINATE", properties = {Property.S4, Property.S5},
        actors = {"postmaster: BackgroundWorkerStateChange frees the slot of a registration terminated before it"
                + " was listed: pid = 0, terminate count, in_use = false",
                "second backend: RegisterDynamicBackgroundWorker of the next registration, retried while refused"})
public abstract class ScanReleaseVersusRegister extends ReleaseVersusRegister {
    // One class per variant, named after it (VariantNames). jcstress's annotation processor reads actors only
    // from the test class itself, so each binds the scenario's steps to actors named after the C functions;
    // outcomes, description and state are inherited.

    /** The fixed protocol: the full barrier right before {@code in_use = false}, after {@code pid = 0}. */
    @JCStressTest
    @State
    public static class Fixed extends ScanReleaseVersusRegister {
        @Actor public void backgroundWorkerStateChange() { steps.postmaster(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** The seed as written: here, {@link Fault#PID_STORE_AFTER_BARRIER}. */
    @JCStressTest
    @State
    public static class SeedAsWritten extends ScanReleaseVersusRegister {
        @Actor public void backgroundWorkerStateChange() { steps.postmaster(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** {@link Fault#NO_TERMINATE_RELEASE_BARRIER}: no barrier at all before {@code in_use = false}. */
    @JCStressTest
    @State
    public static class NoTerminateReleaseBarrier extends ScanReleaseVersusRegister {
        @Actor public void backgroundWorkerStateChange() { steps.postmaster(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** {@link Fault#PID_STORE_AFTER_BARRIER}: {@code pid = 0} between the barrier and {@code in_use = false}. */
    @JCStressTest
    @State
    public static class PidStoreAfterBarrier extends ScanReleaseVersusRegister {
        @Actor public void backgroundWorkerStateChange() { steps.postmaster(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }
}
