package org.bgwcheck.core.variant;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which protocol to run: the fixed protocol ({@link #FIXED}) or one catalogued {@link Fault}.
 *
 * <p>The protocol classes read {@link #has(Fault)} once, when they are built, into {@code final} fields
 * marked {@link VariantSwitch}, so the fixed path pays a predictable branch and nothing else; loaded through
 * {@link SpecialisingClassLoader}, not even that.
 */
public final class Variant {
    public static final Variant FIXED = new Variant("FIXED", null, EnumSet.noneOf(Fault.class));

    private final String name;
    private final Fault fault;
    private final Set<Fault> deviations;

    private Variant(String name, Fault fault, Set<Fault> deviations) {
        this.name = name;
        this.fault = fault;
        this.deviations = Collections.unmodifiableSet(deviations);
    }

    public static Variant of(Fault fault) {
        return new Variant(fault.name(), fault, EnumSet.copyOf(fault.deviations()));
    }

    /** Parses {@code FIXED} or a fault name, case-insensitively; a bad name is refused with the list of good ones. */
    public static Variant parse(String text) {
        String wanted = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (wanted.equals(FIXED.name)) {
            return FIXED;
        }
        for (Fault f : Fault.values()) {
            if (f.name().equals(wanted)) {
                return of(f);
            }
        }
        throw new IllegalArgumentException("unknown protocol variant '" + text + "'; expected FIXED or one of "
                + Arrays.stream(Fault.values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    public boolean has(Fault deviation) {
        return deviations.contains(deviation);
    }

    /** The catalogue entry this variant runs, or {@code null} for the fixed protocol. */
    public Fault fault() {
        return fault;
    }

    public boolean isFixed() {
        return fault == null;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
