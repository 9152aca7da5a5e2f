package org.bgwcheck.models.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bgwcheck.models.report.Summary.Step;
import org.junit.jupiter.api.Test;

/** How a shrunk chain's step descriptions and an invariant's message become timeline steps. */
class JqwikCounterexampleTest {
    @Test
    void aStepNamesItsProcessBeforeTheColon() {
        assertEquals(new Step("backend 1000", "registers a PARALLEL worker", ""),
                JqwikCounterexample.chainStep("backend 1000: registers a PARALLEL worker"));
        assertEquals(new Step("holder of handle #2", "TerminateBackgroundWorker(handle #2)", ""),
                JqwikCounterexample.chainStep("holder of handle #2: TerminateBackgroundWorker(handle #2)"));
        assertEquals(new Step("test", "no process named", ""), JqwikCounterexample.chainStep("no process named"));
    }

    @Test
    void theViolationIsTheLastLineOfTheMessage() {
        assertEquals("S5 violated (parallel accounting)", JqwikCounterexample.lastLine("""
                Invariant 'S5 parallel accounting' failed after the following actions: [
                    backend 1000: starts
                ]
                final state: postmaster RUN
                S5 violated (parallel accounting)

                """));
    }
}
