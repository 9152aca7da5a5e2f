package org.bgwcheck.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The generation rule, as GetBackgroundWorkerPid uses it: a registration bumps the slot's generation, and a
 * handle answers only for its own generation. A backend still holding the handle of the slot's previous
 * worker asks for its status while a second backend re-registers the slot; the old handle must keep saying
 * STOPPED (S3), before and after the reuse.
 */
@Description("GetBackgroundWorkerPid on the previous worker's handle while a backend re-registers the slot (S3)")
@Outcome(id = "STOPPED", expect = ACCEPTABLE, desc = "the old handle reports its own worker, long stopped")
@Outcome(id = {"NOT_YET_STARTED", "STARTED.*"}, expect = FORBIDDEN,
        desc = "the old handle reports the slot's next worker as its own")
@Outcome(expect = FORBIDDEN, desc = "no protocol allows this")
@Checks(sites = "GENERATION_BUMP_AND_CHECK", properties = Property.S3,
        actors = {"backend: GetBackgroundWorkerPid on the handle of the slot's previous worker",
                "second backend: RegisterDynamicBackgroundWorker reusing the slot"})
public abstract class StaleStatusVersusRegister {
    /** The race's steps, in the protocol specialised to the variant ({@link Races}); only JDK types cross. */
    public interface Steps {
        /** First backend: GetBackgroundWorkerPid on the handle of the slot's previous worker. */
        void status();

        /** Second backend: RegisterDynamicBackgroundWorker of the slot's next registration. */
        void register();

        /** What the old handle reported. */
        String outcome();
    }

    final Steps steps = Races.start(getClass(), Steps.class);

    // One class per variant, named after it (VariantNames). jcstress's annotation processor reads actors only
    // from the test class itself, so each binds the scenario's steps to actors named after the C functions;
    // outcomes, description and state are inherited.

    /** The fixed protocol. */
    @JCStressTest
    @State
    public static class Fixed extends StaleStatusVersusRegister {
        @Actor public void getBackgroundWorkerPid() { steps.status(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** {@link Fault#REGISTER_KEEPS_GENERATION}: reuse without bumping the generation. */
    @JCStressTest
    @State
    public static class RegisterKeepsGeneration extends StaleStatusVersusRegister {
        @Actor public void getBackgroundWorkerPid() { steps.status(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** {@link Fault#STATUS_IGNORES_GENERATION}: GetBackgroundWorkerPid without comparing generations. */
    @JCStressTest
    @State
    public static class StatusIgnoresGeneration extends StaleStatusVersusRegister {
        @Actor public void getBackgroundWorkerPid() { steps.status(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }
}
