package org.bgwcheck.launcher.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.core.worker.BgwFlags;
import org.bgwcheck.core.worker.StartTime;
import org.bgwcheck.launcher.support.TestProfile;
import org.junit.jupiter.api.Test;

class SessionScriptTest {

    @Test
    void scriptsRoundTripAndDescribeTheWorkersExactly() {
        SessionScript script = SessionScript.builder().variant(Variant.of(Fault.NO_FORGET_RELEASE_BARRIER))
                .waitBudgetMillis(5000)
                .register(WorkerSpec.parallel("p").withMainArg(-7))
                .register(WorkerSpec.dynamic("d").withRestart(3).withStart(StartTime.CONSISTENT_STATE).withShmem(false)
                        .withNotify(false).withName("a name with spaces"))
                .holdInterrupts().waitStartup("p").status("d").terminate("p").waitShutdown("p").resumeInterrupts()
                .pause("x").crash(3).build();
        SessionScript again = SessionScript.decode(script.encode());
        assertEquals(script.steps().toString(), again.steps().toString());
        assertEquals("NO_FORGET_RELEASE_BARRIER", again.variant());
        assertEquals(5000, again.waitBudgetMillis());
        assertTrue(SessionScript.isScript(script.encode()));

        var p = WorkerSpec.fromLine(again.steps().get(0)).toWorker(4242);
        assertTrue(p.isParallel());
        assertEquals(BgwFlags.SHMEM_ACCESS | BgwFlags.BACKEND_DATABASE_CONNECTION | BgwFlags.CLASS_PARALLEL, p.flags());
        assertEquals(4242, p.notifyPid());
        assertEquals(-7, p.mainArg());
        var d = WorkerSpec.fromLine(again.steps().get(1)).toWorker(4242);
        assertEquals("a name with spaces", d.name());
        assertEquals(0, d.flags());
        assertEquals(0, d.notifyPid());
        assertEquals(3, d.restartTime());
        assertEquals(StartTime.CONSISTENT_STATE.code(), d.startTime());
    }

    @Test
    void badScriptsAreRefusedWithTheLineAndReason() {
        assertRefused("nonsense\n", "line 1");
        assertRefused("bgwcheck-session version=2\n", "line 1");
        assertRefused("bgwcheck-session version=1 variant=NO_SUCH_FAULT\n", "unknown protocol variant");
        assertRefused("bgwcheck-session version=1\nwait_startup as=w\n", "line 2: wait_startup on \"w\", which is not registered");
        assertRefused("bgwcheck-session version=1\nregister as=w\nregister as=w\n", "line 3: label \"w\" registered twice");
        assertRefused("bgwcheck-session version=1\nfly as=w\n", "line 2: unknown step \"fly\"");
        assertRefused("bgwcheck-session version=1\nregister as=w parallel=maybe\n", "parallel must be true or false");
        assertRefused("bgwcheck-session version=1\nregister as=w start=never\n", "unknown start");
        assertRefused("bgwcheck-session version=1\nregister name=w\n", "missing as=");
        assertRefused("bgwcheck-session version=1\nregister as=w restart=soon\n", "restart must be a number");
        assertRefused("bgwcheck-session version=1\nscribble rounds=1\n", "line 2: scribble: missing seed=");
        assertRefused("bgwcheck-session version=1\nscribble seed=1 rounds=1 damage=fire\n", "line 2: scribble: bad seed, rounds or damage");
        assertEquals(2, SessionScript.builder().scribble(7, 1).scribble(8, 2, "noise").build().steps().size());
    }

    @Test
    void opaqueBlobsAreNotScripts() {
        assertFalse(SessionScript.isScript(new byte[0]));
        assertFalse(SessionScript.isScript(new byte[] {1, 2, 3, 4}));
        assertFalse(SessionScript.isScript("bgwcheck-sessio".getBytes(StandardCharsets.US_ASCII)));
        Random random = TestProfile.random("opaqueBlobsAreNotScripts");
        byte[] magic = "bgwcheck-session ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < (TestProfile.deep() ? 100_000 : 5_000); i++) {
            byte[] tail = new byte[random.nextInt(200)];
            random.nextBytes(tail);
            byte[] blob = new byte[magic.length + tail.length];
            System.arraycopy(magic, 0, blob, 0, magic.length);
            System.arraycopy(tail, 0, blob, magic.length, tail.length);
            assertTrue(SessionScript.isScript(blob));
            try {
                SessionScript.decode(blob);
            } catch (IllegalArgumentException expected) {
                // the only permitted failure: a backend turns it into one FATAL line
            }
        }
    }

    private static void assertRefused(String text, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionScript.decode(text.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
    }
}
