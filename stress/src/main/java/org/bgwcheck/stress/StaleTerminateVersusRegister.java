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
 * The generation rule, as TerminateBackgroundWorker uses it: terminate only on a matching generation. A
 * backend terminates the slot's previous worker through its old handle while a second backend re-registers
 * the slot; afterwards the postmaster scans. The next worker must start, whichever came first (S3).
 */
@Description("TerminateBackgroundWorker on the previous worker's handle while a backend re-registers the slot (S3)")
@Outcome(id = "STARTED\\(pid 5000\\)", expect = ACCEPTABLE,
        desc = "the next worker was listed and started; the old handle touched nothing of it")
@Outcome(id = "STOPPED", expect = FORBIDDEN,
        desc = "the old handle terminated the slot's next worker, which was freed without ever starting")
@Outcome(expect = FORBIDDEN, desc = "no protocol allows this")
@Checks(sites = "TERMINATE_ON_MATCHING_GENERATION", properties = Property.S3,
        actors = {"backend: TerminateBackgroundWorker on the handle of the slot's previous worker",
                "second backend: RegisterDynamicBackgroundWorker reusing the slot (then the postmaster scans)"})
public abstract class StaleTerminateVersusRegister {
    /** The race's steps, in the protocol specialised to the variant ({@link Races}); only JDK types cross. */
    public interface Steps {
        /** First backend: TerminateBackgroundWorker on the handle of the slot's previous worker. */
        void terminate();

        /** Second backend: RegisterDynamicBackgroundWorker of the slot's next registration. */
        void register();

        /** The postmaster's next BackgroundWorkerStateChange, then the next worker's status. */
        String outcome();
    }

    final Steps steps = Races.start(getClass(), Steps.class);

    // One class per variant, named after it (VariantNames). jcstress's annotation processor reads actors only
    // from the test class itself, so each binds the scenario's steps to actors named after the C functions;
    // outcomes, description and state are inherited.

    /** The fixed protocol. */
    @JCStressTest
    @State
    public static class Fixed extends StaleTerminateVersusRegister {
        @Actor public void terminateBackgroundWorker() { steps.terminate(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** {@link Fault#TERMINATE_IGNORES_GENERATION}: terminate without comparing generations. */
    @JCStressTest
    @State
    public static class TerminateIgnoresGeneration extends StaleTerminateVersusRegister {
        @Actor public void terminateBackgroundWorker() { steps.terminate(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** {@link Fault#REGISTER_KEEPS_GENERATION}: reuse without bumping the generation. */
    @JCStressTest
    @State
    public static class RegisterKeepsGeneration extends StaleTerminateVersusRegister {
        @Actor public void terminateBackgroundWorker() { steps.terminate(); }
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }
}
