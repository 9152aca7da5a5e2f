package org.bgwcheck.launcher.child;

import org.bgwcheck.launcher.kind.ChildContext;
import org.bgwcheck.launcher.kind.ChildMain;

/**
 * Phase-1 stand-in for the auxiliary processes' mains ({@code CheckpointerMain},
 * {@code SysLoggerMain}). It has nothing to do yet: being dispatched to, with or without shared
 * memory as its kind demands, is what phase 1 checks. It returns, which is a clean exit.
 */
public final class AuxiliaryStandInMain implements ChildMain {

    @Override
    public void main(ChildContext context) {
        // Nothing to do until phase 2 gives auxiliary processes a job in shared memory.
    }
}
