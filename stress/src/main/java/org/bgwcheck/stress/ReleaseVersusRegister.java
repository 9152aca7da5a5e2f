package org.bgwcheck.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Outcome;

/**
 * A slot handed back while a backend claims it: the postmaster releases the slot's previous registration (its
 * last writes for it, then {@code in_use = false}) while a backend registers the next one. The release fence,
 * immediately before {@code in_use = false}, makes S4 and S5 hold: no write the postmaster meant for the
 * previous registration lands on the next one, and the parallel counters stay true.
 *
 * <p>With {@code max_worker_processes = 1} the backend can only claim exactly the slot being released. It
 * retries while refused, as a backend with work to hand out would, so that it claims the slot at the first
 * moment {@code in_use = false} is visible: a late write of the postmaster can only land on the new
 * registration if it is still pending then. The postmaster does not look at the slot again in its actor, so
 * the new registration must read as not yet started.
 */
@Outcome(id = "REFUSED", expect = ACCEPTABLE,
        desc = "the backend stopped retrying before the postmaster freed the only slot")
@Outcome(id = "REUSED", expect = ACCEPTABLE,
        desc = "the backend re-registered the freed slot; the new handle reads NOT_YET_STARTED")
@Outcome(id = "CLOBBERED .*", expect = FORBIDDEN,
        desc = "a late postmaster write for the previous registration landed on the new one, whose handle reads so")
@Outcome(id = "ACCOUNTING_BROKEN", expect = FORBIDDEN,
        desc = "parallel_register_count - parallel_terminate_count no longer counts the parallel slots in use")
@Outcome(expect = FORBIDDEN, desc = "no protocol allows this")
public abstract class ReleaseVersusRegister {
    /** The race's steps, in the protocol specialised to the variant ({@link Races}); only JDK types cross. */
    public interface Steps {
        /** Postmaster: the release of the slot's previous registration, the step under test. */
        void postmaster();

        /**
         * Second backend: RegisterDynamicBackgroundWorker of the slot's next registration, retried while refused
         * until it succeeds or has been tried once after the postmaster finished.
         */
        void register();

        /** What became of the next registration and the counters, in the outcomes' words. */
        String outcome();
    }

    final Steps steps = Races.start(getClass(), Steps.class);
}
