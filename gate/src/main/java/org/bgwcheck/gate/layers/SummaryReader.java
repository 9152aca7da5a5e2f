package org.bgwcheck.gate.layers;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;

/**
 * Reads the summary file one module leaves in its {@code target/} into a layer's report. A missing or unreadable
 * file makes the layer "missing", which fails the gate: a layer that ran nothing must not look like a pass.
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

    public final LayerReport read(Path moduleDir) {
        Path path = moduleDir.resolve(file);
        if (!Files.isRegularFile(path)) {
            return LayerReport.missing(layer, "no " + module + "/" + file);
        }
        try {
            ResultCollector c = new ResultCollector(layer);
            collect(SummaryFiles.read(path), moduleDir, c);
            return c.build();
        } catch (Exception ex) {
            return LayerReport.missing(layer, "unreadable " + module + "/" + file + ": " + ex.getMessage());
        }
    }

    /** Every entry of the file as a fixed-protocol check or a fault run. */
    abstract void collect(JsonNode root, Path moduleDir, ResultCollector c) throws Exception;
}
