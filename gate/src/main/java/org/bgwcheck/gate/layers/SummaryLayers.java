package org.bgwcheck.gate.layers;

import java.nio.file.Path;
import java.util.List;

import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;

/** The layers whose modules leave a summary file behind, and how each is read. */
public final class SummaryLayers {
    /** Reads one module's results into layer reports. */
    public interface Reader {
        Layer layer();

        String module();

        LayerReport read(Path moduleDir);
    }

    private SummaryLayers() {
    }

    public static List<Reader> readers() {
        return List.of(new StressSummary(), new ModelsSummary(Layer.LINCHECK), new ModelsSummary(Layer.JQWIK),
                new TlaSummary(), new LauncherSummary());
    }
}
