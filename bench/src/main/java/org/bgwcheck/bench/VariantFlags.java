package org.bgwcheck.bench;

import java.util.List;

/**
 * Every field through which core's protocol classes select a variant: each is a {@code final boolean} set
 * once from {@code variant.has(fault)} in the constructor and tested on the paths it switches. With each
 * field's value under {@link org.bgwcheck.core.variant.Variant#FIXED}, this is what a build with no
 * variant mechanism would have written as constants. {@code FixturesTest} checks the list against core:
 * every such field listed, no other, each value the one FIXED sets.
 */
final class VariantFlags {
    /** One flag: the class that declares it (internal name), the field, and its value under FIXED. */
    record Flag(String owner, String field, boolean fixedValue) {
    }

    private static final String POSTMASTER = "org/bgwcheck/core/postmaster/Postmaster";
    private static final String SLOTS = "org/bgwcheck/core/postmaster/PostmasterWorkerSlots";
    private static final String BACKENDS = "org/bgwcheck/core/backend/DynamicBackgroundWorkers";
    private static final String SANITY = "org/bgwcheck/core/worker/SanityCheck";

    static final List<Flag> ALL = List.of(
            new Flag(POSTMASTER, "shutdownCleanup", true),
            new Flag(POSTMASTER, "stopNotifications", true),
            new Flag(SLOTS, "scanFence", true),
            new Flag(SLOTS, "scanTerminateFence", true),
            new Flag(SLOTS, "pidStoreAfterFence", false),
            new Flag(SLOTS, "forgetFence", true),
            new Flag(SLOTS, "sanitizeStrings", true),
            new Flag(SLOTS, "trustTotalSlots", false),
            new Flag(SLOTS, "forgetNeverRestartBeforeReset", true),
            new Flag(BACKENDS, "publishFence", true),
            new Flag(BACKENDS, "bumpGeneration", true),
            new Flag(BACKENDS, "lockRegister", true),
            new Flag(BACKENDS, "signedCounters", false),
            new Flag(BACKENDS, "statusChecksGeneration", true),
            new Flag(BACKENDS, "statusChecksInUse", true),
            new Flag(BACKENDS, "terminateChecksGeneration", true),
            new Flag(SANITY, "allowRestartableParallel", false));

    private VariantFlags() {
    }

    /** The flag read by {@code GETFIELD owner.field}, or null if that field is no variant flag. */
    static Flag find(String owner, String field) {
        for (Flag f : ALL) {
            if (f.owner().equals(owner) && f.field().equals(field)) {
                return f;
            }
        }
        return null;
    }
}
