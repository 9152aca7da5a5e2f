package org.bgwcheck.stress.gate;

import java.util.List;

/**
 * Named jcstress option sets; the summary's {@code mode} is the name. The gate always adds {@code -v} (the
 * per-test clock reads the verbose console), {@code -c 2} (forks run one at a time on two CPUs, as on CI),
 * {@code -t} and {@code -r}.
 */
enum Settings {
    /**
     * CI-sized (README.md, "The CI mode"): only the JVM setup where x86 shows reorderings at all, C2 with its
     * code-motion randomizers, both actors compiled by it; one fork of 3 x 200 ms per test, each fork with a
     * fresh randomizer seed.
     */
    CI("ci", List.of("-m", "quick", "-sc", "false", "-jvmArgs", Settings.C2_STRESS, "-f", "1", "-iters", "3")),
    /**
     * The CI setup, longer: two forks of 4 x 1 s per JVM setup (four forks on JDK 17). Tried for the one
     * ordering fault x86 and C2 showed here, the seed's {@code pid = 0} after the release barrier, and kept
     * only to reproduce that measurement (README.md): it caught the fault less often per sample than {@link
     * #CI}, whose hits came early in short forks, so no plan uses it.
     */
    HUNT("hunt", List.of("-m", "quick", "-sc", "false", "-jvmArgs", Settings.C2_STRESS, "-f", "2", "-iters", "4",
            "-time", "1000")),
    /** jcstress's quick preset: every JVM setup, 5 iterations of 200 ms, one fork each. */
    QUICK("quick", List.of("-m", "quick")),
    /** jcstress's default preset: every JVM setup, 5 iterations of 1 s, five forks of each stress setup. */
    DEFAULT("default", List.of("-m", "default"));

    /**
     * jcstress's own compiler-stress setup, given explicitly: {@code -jvmArgs} replaces jcstress's setups
     * rather than adding to them.
     */
    private static final String C2_STRESS = "-XX:+UnlockDiagnosticVMOptions -XX:-TieredCompilation"
            + " -XX:+StressLCM -XX:+StressGCM -XX:+StressIGVN -XX:+StressCCP";

    private final String label;
    private final List<String> options;

    Settings(String label, List<String> options) {
        this.label = label;
        this.options = options;
    }

    String label() {
        return label;
    }

    List<String> options() {
        return options;
    }
}
