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
 * The hand-off by {@code in_use}, both halves at once: a backend publishes a registration into a slot whose
 * previous registration the postmaster has just released, while the postmaster scans. The backend's write
 * barrier ({@code PUBLISH_ON_REGISTER}) and the postmaster's read barrier ({@code ACQUIRE_ON_SCAN}) together
 * make S1 hold: whenever the postmaster sees {@code in_use}, everything it reads next is the new registration.
 *
 * <p>The postmaster polls, as it would on a stream of PMSIGNALs, so that a scan is in flight whenever
 * {@code in_use} flips: that is the only moment a missing fence can matter, and on x86 its window is a few
 * instructions wide. A missing fence shows as the postmaster acting on something of the previous
 * registration: a field of the worker it starts (the outcome names it), the previous {@code terminate} flag
 * (the new registration is freed unlisted), or the backend's {@code pid = InvalidPid} landing after the
 * postmaster reported the started worker's pid.
 */
@Description("RegisterDynamicBackgroundWorker publishes a reused slot while BackgroundWorkerStateChange scans it (S1)")
@Outcome(id = "NOT_SEEN", expect = ACCEPTABLE,
        desc = "postmaster stopped polling before in_use was set; a later scan will list the registration")
@Outcome(id = "SAW_NEXT", expect = ACCEPTABLE,
        desc = "postmaster saw in_use and started a worker with exactly the new registration")
@Outcome(id = "SAW_STALE .*", expect = FORBIDDEN,
        desc = "postmaster saw in_use but started the worker with these fields of an older registration")
@Outcome(id = "RELEASED_AS_TERMINATED", expect = FORBIDDEN,
        desc = "postmaster saw in_use but the older registration's terminate flag, and freed the new one unlisted")
@Outcome(id = "PID_OVERWRITTEN", expect = FORBIDDEN,
        desc = "postmaster saw in_use before the backend's pid = InvalidPid, which then overwrote the started pid")
@Outcome(expect = FORBIDDEN, desc = "no protocol allows this")
@Checks(sites = {"PUBLISH_ON_REGISTER", "ACQUIRE_ON_SCAN"}, properties = Property.S1,
        actors = {"backend: RegisterDynamicBackgroundWorker of the next registration into the slot just freed",
                "postmaster: BackgroundWorkerStateChange (and the start of what it finds), repeated until it acted"})
public abstract class RegisterVersusScan {
    /** The race's steps, in the protocol specialised to the variant ({@link Races}); only JDK types cross. */
    public interface Steps {
        /** Backend: RegisterDynamicBackgroundWorker of the slot's next registration. */
        void register();

        /**
         * Postmaster: BackgroundWorkerStateChange (and the start of what it finds), again and again until it has
         * started a worker or has scanned once after the backend finished.
         */
        void scan();

        /** What the postmaster started, in the outcomes' words. */
        String outcome();
    }

    final Steps steps = Races.start(getClass(), Steps.class);

    // One class per variant, named after it (VariantNames). jcstress's annotation processor reads actors only
    // from the test class itself, so each binds the scenario's steps to actors named after the C functions;
    // outcomes, description and state are inherited.

    /** The fixed protocol: both fences in place. */
    @JCStressTest
    @State
    public static class Fixed extends RegisterVersusScan {
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Actor public void backgroundWorkerStateChange() { steps.scan(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** The seed as written: its faults are elsewhere, so here it must behave as {@link Fixed}. */
    @JCStressTest
    @State
    public static class SeedAsWritten extends RegisterVersusScan {
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Actor public void backgroundWorkerStateChange() { steps.scan(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** {@link Fault#NO_PUBLISH_BARRIER}: no pg_write_barrier() before {@code in_use = true}. */
    @JCStressTest
    @State
    public static class NoPublishBarrier extends RegisterVersusScan {
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Actor public void backgroundWorkerStateChange() { steps.scan(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }

    /** {@link Fault#NO_SCAN_READ_BARRIER}: no pg_read_barrier() after seeing {@code in_use}. */
    @JCStressTest
    @State
    public static class NoScanReadBarrier extends RegisterVersusScan {
        @Actor public void registerDynamicBackgroundWorker() { steps.register(); }
        @Actor public void backgroundWorkerStateChange() { steps.scan(); }
        @Arbiter public void arbiter(L_Result r) { r.r1 = steps.outcome(); }
    }
}
