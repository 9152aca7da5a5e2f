package org.bgwcheck.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.bgwcheck.core.backend.BackgroundWorkerHandle;
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
    private final StressCluster cluster;
    private BackgroundWorkerHandle first;
    private BackgroundWorkerHandle second;

    RegisterVersusRegister() {
        cluster = new StressCluster(VariantNames.of(getClass()));
    }

    /** First backend: RegisterDynamicBackgroundWorker for its parallel worker. */
    final void registerFirst() {
        first = cluster.registerDynamicBackgroundWorker(StressCluster.PREVIOUS);
    }

    /** Second backend: RegisterDynamicBackgroundWorker for its own parallel worker. */
    final void registerSecond() {
        second = cluster.registerDynamicBackgroundWorker(StressCluster.NEXT);
    }

    final void observe(L_Result r) {
        if (first != null && second != null) {
            r.r1 = "BOTH_REGISTERED parallel_register_count="
                    + Integer.toUnsignedString(cluster.shm.parallelRegisterCount());
        } else {
            r.r1 = first != null || second != null ? "ONE_REGISTERED" : "NONE_REGISTERED";
        }
    }

    // One class per variant, named after it (VariantNames). jcstress's annotation processor reads actors only
    // from the test class itself, so each binds the scenario's steps to actors named after the C functions;
    // outcomes, description and state are inherited.

    /** The fixed protocol. */
    @JCStressTest
    @State
    public static class Fixed extends RegisterVersusRegister {
        @Actor public void registerDynamicBackgroundWorker1() { registerFirst(); }
        @Actor public void registerDynamicBackgroundWorker2() { registerSecond(); }
        @Arbiter public void arbiter(L_Result r) { observe(r); }
    }

    /** {@link Fault#REGISTER_WITHOUT_LOCK}: the search and the claim without BackgroundWorkerLock. */
    @JCStressTest
    @State
    public static class RegisterWithoutLock extends RegisterVersusRegister {
        @Actor public void registerDynamicBackgroundWorker1() { registerFirst(); }
        @Actor public void registerDynamicBackgroundWorker2() { registerSecond(); }
        @Arbiter public void arbiter(L_Result r) { observe(r); }
    }
}
