package org.bgwcheck.launcher.bgworker;

import org.bgwcheck.launcher.kind.ChildContext;
import org.bgwcheck.launcher.kind.ChildFatalException;
import org.bgwcheck.launcher.kind.ChildMain;

/**
 * The bgworker kind's main, PostgreSQL's {@code BackgroundWorkerMain} (in the seed,
 * {@code StartBackgroundWorker}): decode the registration from the startup data, look up its
 * entry point by library and function name, and run it with its main argument. The worker exits 0
 * when the entry point returns and 1 when it throws.
 */
public final class BackgroundWorkerMain implements ChildMain {

    @Override
    public void main(ChildContext context) throws ChildFatalException {
        BgWorkerEntry entry;
        try {
            entry = BgWorkerEntryCodec.decode(context.parameters().startupData());
        } catch (IllegalArgumentException e) {
            throw new ChildFatalException("invalid background worker startup data: " + e.getMessage());
        }
        BgWorkerFunction function = BgWorkerFunctionLookup.lookup(entry.libraryName(), entry.functionName(),
                context.parameters().globals().libraryPath());
        try {
            function.main(entry.mainArg());
        } catch (Exception | Error e) {
            throw new ChildFatalException("background worker \"" + entry.name() + "\" failed: " + e, e);
        }
    }
}
