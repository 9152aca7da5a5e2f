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
 * {@code RELEASE_ON_FORGET}: a running parallel worker exits with 0 ("done, never again"). The postmaster's
 * reaper reports the exit ({@code pid = 0}) and ForgetBackgroundWorker counts the termination and frees the
 * slot, while a second backend registers into it. This is the ordering PostgreSQL commit 30d8bad494 fixed.
 */
@Description("ReportBackgroundWorkerExit and ForgetBackgroundWorker free a slot while a backend re-registers it"
        + " (S4, S5)")
@Checks(sites = "RELEASE_ON_FORGET", properties = {Property.S4, Property.S5},
        actors = {"postmaster: the reaper for a worker that exited with 0: ReportBackgroundWorkerExit (pid = 0),"
                + " ForgetBackgroundWorker (terminate count, in_use = false)",
                "second backend: RegisterDynamicBackgroundWorker of the next registration, retried while refused"})
public abstract class ForgetVersusRegister extends ReleaseVersusRegister {
    // One class per variant, named after it (VariantNames). jcstress's annotation processor reads actors only
    // from the test class itself, so each binds the scenario's steps to actors named after the C functions;
    // outcomes, description and state are inherited.

    /** The fixed protocol: a full barrier before {@code in_use = false}. */
    @JCStressTest
    @State
    public static class Fixed extends ForgetVersusRegister {
        @Actor public void forgetBackgroundWorker() { steps.postmaster(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** The seed as written: here, {@link Fault#NO_FORGET_RELEASE_BARRIER}. */
    @JCStressTest
    @State
    public static class SeedAsWritten extends ForgetVersusRegister {
        @Actor public void forgetBackgroundWorker() { steps.postmaster(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** {@link Fault#NO_FORGET_RELEASE_BARRIER}: no barrier before {@code in_use = false}. */
    @JCStressTest
    @State
    public static class NoForgetReleaseBarrier extends ForgetVersusRegister {
        @Actor public void forgetBackgroundWorker() { steps.postmaster(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }
}
