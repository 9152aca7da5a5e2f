package org.bgwcheck.launcher.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.env.Latch.WakeReason;
import org.junit.jupiter.api.Test;

class ProcessLatchTest {

    @Test
    void aSetLatchReturnsAtOnceAndResetClearsIt() {
        ProcessLatch latch = new ProcessLatch(new Interrupts(), 60_000);
        latch.setLatch();
        assertEquals(WakeReason.LATCH_SET, latch.waitLatch());
        assertEquals(WakeReason.LATCH_SET, latch.waitLatch(), "stays set until reset");
        latch.resetLatch();
        latch.postmasterDied();
        assertEquals(WakeReason.POSTMASTER_DEATH, latch.waitLatch());
    }

    @Test
    void aWaitNobodyEndsFailsAfterItsBudgetNamingWhatItWaitedFor() {
        ProcessLatch latch = new ProcessLatch(new Interrupts(), 50);
        latch.waitingFor("WaitForBackgroundWorkerStartup(w)");
        ProcessLatch.LatchWaitBudgetExceeded e = assertThrows(ProcessLatch.LatchWaitBudgetExceeded.class, latch::waitLatch);
        assertTrue(e.getMessage().contains("WaitForBackgroundWorkerStartup(w)"), e.getMessage());
    }

    @Test
    void sigtermKillsAtTheNextCheckUnlessInterruptsAreHeld() {
        Interrupts interrupts = new Interrupts();
        ProcessLatch latch = new ProcessLatch(interrupts, 60_000);
        interrupts.hold();
        interrupts.requestDie();
        latch.setLatch();
        latch.waitLatch();
        latch.resetLatch(); // held: survives
        assertThrows(Interrupts.ProcDieException.class, interrupts::resume);
    }

    @Test
    void theSignalPipeDeliversSignalsInOrderThenPostmasterDeath() throws Exception {
        List<SignalCode> seen = new ArrayList<>();
        CountDownLatch died = new CountDownLatch(1);
        byte[] bytes = {'U', 'x', 'T', 'G', 'Q'};
        SignalPipeReader.start(new ByteArrayInputStream(bytes), new SignalPipeReader.Handler() {
            @Override
            public void signal(SignalCode code) {
                synchronized (seen) {
                    seen.add(code);
                }
            }

            @Override
            public void postmasterDied() {
                died.countDown();
            }
        });
        assertTrue(died.await(1, TimeUnit.MINUTES));
        assertEquals(List.of(SignalCode.SIGUSR1, SignalCode.SIGTERM, SignalCode.CLIENT_MESSAGE, SignalCode.SIGQUIT), seen);
    }
}
