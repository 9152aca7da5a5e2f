package org.bgwcheck.models.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.bgwcheck.models.report.Summary.Step;
import org.junit.jupiter.api.Test;

/** Lincheck's two report shapes (results only, and an interleaving) read back as timeline steps. */
class LincheckCounterexampleTest {
    private static final String STRESS_REPORT = """
            = Invalid execution results =
            | ------------------------------------------------------------------------- |
            |                 Thread 1                 |           Thread 2             |
            | ------------------------------------------------------------------------- |
            | postmasterSettles(): void                |                                |
            | ------------------------------------------------------------------------- |
            | status(handle(slot 0, gen 0)): STOPPED   | terminate(handle(slot 0, gen 2)): void  |
            | register(NEVER_RESTART): Optional[handle(slot 1, gen 1)] [2,1] |          |
            | ------------------------------------------------------------------------- |
            | workerExits(1, 1): void                  |                                |
            | ------------------------------------------------------------------------- |

            ---
            All operations above the horizontal line | ----- | happen before those below the line
            """;

    private static final String MODEL_CHECKING_REPORT = """
            = Invalid execution results =
            | --------------------------------------------- |
            |      Thread 1       |      Thread 2           |
            | --------------------------------------------- |
            | register(PARALLEL): Optional[handle(slot 0, gen 2)] | register(PARALLEL): Optional[handle(slot 0, gen 1)] |
            | --------------------------------------------- |

            The following interleaving leads to the error:
            | --------------------------------------------- |
            |      Thread 1       |      Thread 2           |
            | --------------------------------------------- |
            |                     | register(PARALLEL): Optional[handle(slot 0, gen 1)] |
            |                     |   cluster.register(1000, BackgroundWorker#1): Optional#3 |
            |                     |       shm.setGeneration(0, 1) |
            |                     |       switch                 |
            | register(PARALLEL): Optional[handle(slot 0, gen 2)] |  |
            |                     |       PUBLISH_ON_REGISTER.fence() |
            |                     |       shm.setInUse(0, true)   |
            | --------------------------------------------- |

            Detailed trace:
            | --- |
            """;

    @Test
    void stressResultsKeepTheirPartsAndSayTheParallelOrderIsUnknown() {
        List<Step> steps = LincheckCounterexample.of(STRESS_REPORT);
        assertEquals(List.of(
                new Step("before (sequential)", "postmasterSettles()", "→ void"),
                new Step("Thread 1", "status(handle(slot 0, gen 0))",
                        "→ STOPPED (in parallel: order between threads not observed)"),
                new Step("Thread 2", "terminate(handle(slot 0, gen 2))",
                        "→ void (in parallel: order between threads not observed)"),
                new Step("Thread 1", "register(NEVER_RESTART)",
                        "→ Optional[handle(slot 1, gen 1)] (in parallel: order between threads not observed)"),
                new Step("after (sequential)", "workerExits(1, 1)", "→ void")), steps.subList(0, 5));
        assertEquals(Step.CHECK, steps.get(5).process());
        assertEquals(6, steps.size());
    }

    @Test
    void anInterleavingKeepsItsOrderItsOperationsAndItsSharedMemoryAccesses() {
        List<Step> steps = LincheckCounterexample.of(MODEL_CHECKING_REPORT);
        assertEquals(List.of("Thread 2", "Thread 2", "Thread 1", "Thread 2", "Thread 2", "check"),
                steps.stream().map(Step::process).toList());
        assertEquals(List.of("register(PARALLEL)", "shm.setGeneration(0, 1)", "register(PARALLEL)",
                "PUBLISH_ON_REGISTER.fence()", "shm.setInUse(0, true)", "not linearizable"),
                steps.stream().map(Step::action).toList());
        assertEquals("→ Optional[handle(slot 0, gen 2)]", steps.get(2).detail());
    }
}
