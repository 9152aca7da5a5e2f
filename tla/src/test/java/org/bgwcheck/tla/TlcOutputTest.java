package org.bgwcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reading of TLC's -tool output and of its traces, on canned output (no TLC run). */
class TlcOutputTest {
    private static final String VIOLATION = String.join("\n",
            "@!@!@STARTMSG 2262:0 @!@!@", "TLC2 Version 2.18 of 20 March 2023", "@!@!@ENDMSG 2262 @!@!@",
            "@!@!@STARTMSG 2112:1 @!@!@", "Action property NoClobber is violated.", "@!@!@ENDMSG 2112 @!@!@",
            "@!@!@STARTMSG 2121:1 @!@!@", "The behavior up to this point is:", "@!@!@ENDMSG 2121 @!@!@",
            "@!@!@STARTMSG 2217:4 @!@!@", "1: <Initial predicate>",
            "/\\ mem = (<<\"pid\", 0>> :> [e |-> 0, v |-> 0] @@ <<\"in_use\", 0>> :> [e |-> 0, v |-> FALSE])",
            "/\\ lastAct = [p |-> \"none\", a |-> \"Init\", ev |-> {}]", "@!@!@ENDMSG 2217 @!@!@",
            "@!@!@STARTMSG 2217:4 @!@!@", "2: <Commit line 7, col 11 to line 7, col 62 of module BgWorker>",
            "/\\ mem = (<<\"pid\", 0>> :> [e |-> 0, v |-> 0] @@",
            "  <<\"in_use\", 0>> :> [e |-> 1, v |-> TRUE])",
            "/\\ lastAct = [ p |-> b2,", "  a |-> \"StoreVisible\",", "  ev |-> {} ]", "@!@!@ENDMSG 2217 @!@!@",
            "@!@!@STARTMSG 2199:0 @!@!@", "1,234 states generated, 567 distinct states found, 0 states left on queue.",
            "@!@!@ENDMSG 2199 @!@!@");

    @Test
    void readsAnActionPropertyViolationAndItsTrace() {
        TlcOutput out = TlcOutput.parse(VIOLATION);
        assertEquals("action", out.outcome());
        assertEquals("NoClobber", out.namedViolation().orElseThrow());
        assertEquals(1234, out.statesGenerated());
        assertEquals(567, out.distinctStates());

        List<Trace.State> states = Trace.from(out.traceMessages()).states();
        assertEquals(2, states.size());
        Trace.State commit = states.get(1);
        assertEquals("Commit", commit.action());
        assertEquals("b2", commit.process());
        assertEquals("StoreVisible", commit.step());
        // Only the entry of mem that changed is reported.
        assertEquals(Map.of("mem[<<\"in_use\", 0>>]", "[e |-> 1, v |-> TRUE]",
                "lastAct", "[ p |-> b2, a |-> \"StoreVisible\", ev |-> {} ]"), commit.changed());
    }

    @Test
    void readsALivenessLassoWithoutGhostRecord() {
        TlcOutput out = TlcOutput.parse(String.join("\n",
                "@!@!@STARTMSG 2116:1 @!@!@", "Temporal properties were violated.", "@!@!@ENDMSG 2116 @!@!@",
                "@!@!@STARTMSG 2217:4 @!@!@", "1: <Initial predicate>", "/\\ bs = (b1 :> \"idle\" @@ b2 :> \"idle\")",
                "/\\ lastAct = [p |-> \"none\", a |-> \"Init\", ev |-> {}]", "@!@!@ENDMSG 2217 @!@!@",
                "@!@!@STARTMSG 2217:4 @!@!@", "2: <StartWait line 1, col 1 to line 2, col 2 of module BgWorker>",
                "/\\ bs = (b1 :> \"idle\" @@ b2 :> \"waitStart\")",
                "/\\ lastAct = [p |-> \"none\", a |-> \"Init\", ev |-> {}]", "@!@!@ENDMSG 2217 @!@!@",
                "@!@!@STARTMSG 2218:4 @!@!@", "3: Stuttering", "@!@!@ENDMSG 2218 @!@!@"));
        assertEquals("temporal", out.outcome());
        List<Trace.State> states = Trace.from(out.traceMessages()).states();
        assertEquals("b2", states.get(1).process());
        assertEquals(null, states.get(1).step());
        assertEquals("stuttering", states.get(2).kind());
    }

    @Test
    void readsSuccess() {
        TlcOutput out = TlcOutput.parse("@!@!@STARTMSG 2193:0 @!@!@\nModel checking completed. No error has been found.\n"
                + "@!@!@ENDMSG 2193 @!@!@\n");
        assertTrue(out.succeeded());
        assertEquals("pass", out.outcome());
        assertTrue(out.traceMessages().isEmpty());
    }

    @Test
    void readsASimulationThatFoundNothingAsAPass() {
        TlcOutput out = TlcOutput.parse(String.join("\n",
                "@!@!@STARTMSG 2209:0 @!@!@",
                "Progress(-1) at 2026-11-21 18:36:30: 482101 states generated, -1 distinct states found, -1 states left on queue.",
                "@!@!@ENDMSG 2209 @!@!@",
                "@!@!@STARTMSG 2186:0 @!@!@", "Finished in 158583ms at (2026-11-21 18:36:30)", "@!@!@ENDMSG 2186 @!@!@"));
        assertEquals("pass", out.outcome());
        assertEquals(482101, out.statesGenerated());
    }

    @Test
    void splitsFunctionValuesOnlyAtTheTopLevel() {
        Map<String, String> entries = TlaValue.functionEntries(
                "(b1 :> <<[l |-> <<\"pid\", 0>>, v |-> 0]>> @@ \"pm\" :> <<>>)").orElseThrow();
        assertEquals(List.of("b1", "\"pm\""), List.copyOf(entries.keySet()));
        assertEquals("<<[l |-> <<\"pid\", 0>>, v |-> 0]>>", entries.get("b1"));
        assertTrue(TlaValue.functionEntries("[a |-> 1]").isEmpty());
    }
}
