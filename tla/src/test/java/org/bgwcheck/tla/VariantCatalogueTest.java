package org.bgwcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bgwcheck.core.variant.Fault;
import org.junit.jupiter.api.Test;

/**
 * The spec names its variants as core names its faults: the gate joins TLC's results to the other layers'
 * by these names, so a renamed or new fault must show up here rather than as a silently missing row.
 */
class VariantCatalogueTest {
    private static final Path MODULE = Path.of(System.getProperty("bgwcheck.tla.dir", "")).toAbsolutePath();

    @Test
    void theSpecsVariantsAndItsNotModelledFaultsAreExactlyCoresCatalogue() throws IOException {
        String spec = Files.readString(MODULE.resolve("spec/BgWorker.tla"));
        Set<String> variants = stringSet(spec, "Variants");
        Set<String> notModelled = stringSet(spec, "NotModelled");
        Set<String> catalogue = Arrays.stream(Fault.values()).map(Fault::name).collect(Collectors.toCollection(TreeSet::new));
        catalogue.add("FIXED");

        Set<String> both = new TreeSet<>(variants);
        both.retainAll(notModelled);
        assertEquals(Set.of(), both, "a variant both modelled and not");
        Set<String> union = new TreeSet<>(variants);
        union.addAll(notModelled);
        assertEquals(catalogue, union, "BgWorker.tla's Variants \\cup NotModelled against core's Fault enum");
    }

    @Test
    void everyModelRunsAVariantTheSpecKnows() throws IOException {
        Set<String> variants = stringSet(Files.readString(MODULE.resolve("spec/BgWorker.tla")), "Variants");
        List<Path> cfgs;
        try (Stream<Path> files = Files.list(MODULE.resolve("models"))) {
            cfgs = files.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
        }
        assertTrue(cfgs.size() > 0, "no models found");
        for (Path cfg : cfgs) {
            String v = ModelFile.read(cfg).constants().get("Variant");
            if (v != null) {
                assertTrue(variants.contains(v.replace("\"", "")), cfg.getFileName() + ": unknown Variant " + v);
            }
        }
    }

    /** The quoted strings of {@code Name == {"A", "B", ...}}. */
    private static Set<String> stringSet(String spec, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\s*==\\s*\\{([^}]*)}").matcher(spec);
        assertTrue(m.find(), "no definition of " + name + " in the spec");
        Set<String> out = new HashSet<>();
        Matcher q = Pattern.compile("\"([A-Z_]+)\"").matcher(m.group(1));
        while (q.find()) {
            out.add(q.group(1));
        }
        return out;
    }
}
