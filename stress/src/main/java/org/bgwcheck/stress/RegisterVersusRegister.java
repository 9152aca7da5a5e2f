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
 * RegisterDynamicBackgroundWorker holds BackgroundWorkerLock from the search for a free slot to
 * {@code in_use = true}. Two backends register a parallel worker each into an array with one free slot:
 * exactly one may get it (S6), and the register count must count every registration (S5).
 */
@Description("Two backends RegisterDynamicBackgroundWorker into the only free slot (S6, S5)")
@Outcome(id = "ONE_REGISTERED", expect = ACCEPTABLE, desc = "one backend got the slot, the other was refused")
@Outcome(id = "BOTH_REGISTERED .*", expect = FORBIDDEN,
        desc = "both backends were given the only slot (with this parallel_register_count)")
@Outcome(expect = FORBIDDEN, desc = "no protocol allows this")
@Checks(sites = "REGISTER_UNDER_LOCK", properties = {Property.S6, Property.S5},
        actors = {"backend: RegisterDynamicBackgroundWorker for its parallel worker",
                "second backend: RegisterDynamicBackgroundWorker for its own, into the same only free slot"})
public abstract class RegisterVersusRegister {
    /** The race's steps, in the protocol specialised to the variant ({@link Races}); only JDK types cross. */
    public interface Steps {
        /** First backend: RegisterDynamicBackgroundWorker for its parallel worker. */
        void registerFirst();

        /** Second backend: RegisterDynamicBackgroundWorker for its own parallel worker. */
        void registerSecond();

        /** Who got the slot, in the outcomes' words. */
        String outcome();
    }

    final Steps steps = Races.start(getClass(), Steps.class);

    // One class per variant, named after it (VariantNames). jcstress's annotation processor reads actors only
    // from the test class itself, so each binds the scenario's steps to actors named after the C functions;
    // outcomes, description and state are inherited.

    /** The fixed protocol. */
    @JCStressTest
    @State
    public static class Fixed extends RegisterVersusRegister {
        @Actor public void registerDynamicBackgroundWorker1() { steps.registerFirst(); }
        @Actor public void registerDynamicBackgroundWorker2() { steps.registerSecond(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** {@link Fault#REGISTER_WITHOUT_LOCK}: the search and the claim without BackgroundWorkerLock. */
    @JCStressTest
    @State
    public static class RegisterWithoutLock extends RegisterVersusRegister {
        @Actor public void registerDynamicBackgroundWorker1() { steps.registerFirst(); }
        @Actor public void registerDynamicBackgroundWorker2() { steps.registerSecond(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }
}
