package org.bgwcheck.gate.layers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;

/**
 * Reads the summary file one module leaves in its {@code target/} into a layer's report, with every test of the
 * module that failed (its surefire and failsafe reports, {@link TestReports}). It fails closed: a missing,
 * unreadable or stale file, or one without a single entry for the layer, makes the layer "missing", which fails
 * the gate: a layer that ran nothing, or ran other code, must not look like a pass.
 */
public abstract class SummaryReader {
    private final Layer layer;
    private final String module;
    private final String file;

    SummaryReader(Layer layer, String module, String file) {
        this.layer = layer;
        this.module = module;
        this.file = file;
    }

    public final Layer layer() {
        return layer;
    }

    /** The Maven module whose build writes the file; the gate reads only modules that are in the build. */
    public final String module() {
        return module;
    }

    /** Reads this layer's results from the module of that name under the project's root directory. */
    public final LayerReport read(Path root) {
        Path moduleDir = root.resolve(module);
        Path path = moduleDir.resolve(file);
        String shown = module + "/" + file;
        if (!Files.isRegularFile(path)) {
            return LayerReport.missing(layer, "no " + shown + " (the layer's tests did not run to the point of"
                    + " writing it)");
        }
        try {
            Freshness freshness = Freshness.of(root, module);
            Optional<String> stale = freshness.staleness(path);
            if (stale.isPresent()) {
                return LayerReport.missing(layer, shown + " is stale: " + stale.get());
            }
            ResultCollector c = new ResultCollector(layer);
            collect(SummaryFiles.read(path), moduleDir, c);
            if (!c.hasEntries()) {
                return LayerReport.missing(layer, shown + " has no entry for " + layer.id());
            }
            for (String failed : TestReports.failures(root, module, freshness, this::owns)) {
                c.failedTest(failed);
            }
            return c.build();
        } catch (Exception ex) {
            return LayerReport.missing(layer, "unreadable " + shown + ": " + ex.getMessage());
        }
    }

    /** Every entry of the file as a fixed-protocol check or a fault run. */
    abstract void collect(JsonNode root, Path moduleDir, ResultCollector c) throws Exception;

    /** Whether a test class of the module reports to this layer; a module of one layer owns them all. */
    boolean owns(String testClass) {
        return true;
    }
}
