package org.bgwcheck.gate.layers;

import java.util.List;

import org.bgwcheck.gate.model.Layer;

/** The layers whose modules leave a summary file behind, and how each is read. */
public final class SummaryLayers {
    private SummaryLayers() {
    }

    public static List<SummaryReader> readers() {
        return List.of(new StressSummary(), new ModelsSummary(Layer.LINCHECK), new ModelsSummary(Layer.JQWIK),
                new TlaSummary(), new WeakSummary(), new LauncherSummary());
    }
}
