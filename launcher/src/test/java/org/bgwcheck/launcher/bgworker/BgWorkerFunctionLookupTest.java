package org.bgwcheck.launcher.bgworker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.bgwcheck.launcher.kind.ChildFatalException;
import org.junit.jupiter.api.Test;

/** {@code LookupBackgroundWorkerFunction}: the internal table and the external class lookup. */
class BgWorkerFunctionLookupTest {

    private static final String LIBRARY = TestWorkerLibrary.class.getName();

    @Test
    void builtInFunctionsComeFromTheInternalTable() throws Exception {
        assertSame(InternalBgWorkers.find("NoopWorkerMain"), BgWorkerFunctionLookup.lookup("postgres", "NoopWorkerMain", ""));
        assertEquals("internal function \"ApplyWorkerMain\" not found", refusal("postgres", "ApplyWorkerMain"));
    }

    @Test
    void externalFunctionsAreFoundAndTheirExceptionsUnwrapped() throws Exception {
        BgWorkerFunction failing = BgWorkerFunctionLookup.lookup(LIBRARY, "failing_main", "");
        IOException e = assertThrows(IOException.class, () -> failing.main(5));
        assertEquals("external worker gives up (main_arg=5)", e.getMessage());
    }

    @Test
    void functionsOfTheWrongShapeAreRefused() {
        for (String function : new String[] {"no_such_main", "instance_main", "int_main"}) {
            assertEquals("could not find function \"" + function + "\" in library \"" + LIBRARY
                    + "\": expected public static void " + function + "(long)", refusal(LIBRARY, function));
        }
    }

    @Test
    void aMissingLibraryIsNamed() {
        String message = refusal("org.example.NoSuchLibrary", "main");
        assertTrue(message.startsWith("could not load library \"org.example.NoSuchLibrary\": no such class"), message);
    }

    private static String refusal(String library, String function) {
        return assertThrows(ChildFatalException.class, () -> BgWorkerFunctionLookup.lookup(library, function, ""))
                .getMessage();
    }
}
