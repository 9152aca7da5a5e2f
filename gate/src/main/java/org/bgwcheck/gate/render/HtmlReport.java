package org.bgwcheck.gate.render;

import static org.bgwcheck.gate.render.TimelineSvg.esc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.gate.model.Detection;
import org.bgwcheck.gate.model.GateResult;
import org.bgwcheck.gate.model.LayerReport;
import org.bgwcheck.gate.model.PropertyVerdict;
import org.bgwcheck.gate.model.Timeline;

/**
 * {@code target/gate/report.html}: one self-contained page (no scripts, no external resources) with both
 * verdict tables and, for every detected fault, each layer's counterexample as a per-process timeline.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
            h1 .pass{color:#1a7f37} h1 .fail{color:#cf222e}
            table{border-collapse:collapse;margin:12px 0} th,td{border:1px solid #ccc;padding:4px 8px;font-size:13px}
            th{background:#f3f3f3} td.pass,td.det{background:#dafbe1} td.fail,td.miss{background:#ffebe9}
            td.na{color:#888} td.stmt{font-size:12px;color:#555}
            section.fault{border-top:2px solid #ddd;margin-top:28px;padding-top:8px}
            .scroll{overflow-x:auto;border:1px solid #eee;background:#fcfcfc}
            svg.timeline text{font-size:11px;font-family:ui-monospace,monospace}
            svg .lane{font-weight:bold;fill:#333} svg .lane-line{stroke:#bbb;stroke-dasharray:4 3}
            svg .dot{fill:#0969da} svg .dot.bad{fill:#cf222e;r:8} svg .act{text-anchor:middle;fill:#222}
            svg .act.bad{fill:#cf222e;font-weight:bold} svg .detail{text-anchor:middle;fill:#666}
            svg .step-no{text-anchor:middle;fill:#999} svg .verdict{fill:#cf222e;font-weight:bold}
            ol.steps{font-family:ui-monospace,monospace;font-size:12px} li.bad{color:#cf222e;font-weight:bold}
            """;

    private HtmlReport() {
    }

    public static String render(GateResult g) {
        StringBuilder h = new StringBuilder();
        boolean pass = g.failures().isEmpty();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>bgwcheck gate</title><style>")
                .append(STYLE).append("</style></head><body>\n");
        h.append("<h1>bgwcheck gate: <span class=\"").append(pass ? "pass\">PASS" : "fail\">FAIL").append("</span></h1>\n");
        h.append(String.format("<p>%.0f s. Layers: %s.</p>%n", g.durationSeconds(),
                String.join(", ", g.layers().stream().map(r -> r.layer().id() + (r.ran() ? "" : " (no result)")).toList())));
        if (!pass) {
            h.append("<ul>");
            g.failures().forEach(f -> h.append("<li>").append(esc(f)).append("</li>"));
            h.append("</ul>\n");
        }
        List<LayerReport> layers = g.layers();
        h.append("<h2 id=\"protocol\">Property &times; layer, fixed protocol</h2><table><tr><th>property</th>");
        layers.forEach(r -> h.append("<th>").append(r.layer().id()).append("</th>"));
        h.append("<th>statement</th></tr>\n");
        for (Property p : Property.values()) {
            h.append("<tr><th>").append(p).append("</th>");
            for (LayerReport r : layers) {
                var v = g.verdict(p, r.layer());
                if (v.isEmpty()) {
                    h.append("<td class=\"na\">&ndash;</td>");
                } else {
                    boolean ok = v.get().outcome() == PropertyVerdict.Outcome.PASS;
                    h.append("<td class=\"").append(ok ? "pass" : "fail").append("\" title=\"")
                            .append(esc(v.get().evidence())).append("\">").append(ok ? "pass" : "FAIL").append("</td>");
                }
            }
            h.append("<td class=\"stmt\">").append(esc(p.statement())).append("</td></tr>\n");
        }
        h.append("<tr><th>").append(TerminalTables.OTHER).append("</th>");
        for (LayerReport r : layers) {
            boolean ok = !r.otherFails();
            String why = r.ran() ? String.join("\n", r.other()) : r.problem();
            h.append("<td class=\"").append(ok ? "pass" : "fail").append("\" title=\"").append(esc(why)).append("\">")
                    .append(ok ? "pass" : "FAIL").append("</td>");
        }
        h.append("<td class=\"stmt\">").append(esc(TerminalTables.OTHER_STATEMENT)).append("</td></tr>\n");
        h.append("</table>\n<h2 id=\"faults\">Fault &times; layer</h2><table><tr><th>fault</th><th>breaks</th>");
        layers.forEach(r -> h.append("<th>").append(r.layer().id()).append("</th>"));
        h.append("<th>models</th></tr>\n");
        for (Fault f : Fault.values()) {
            h.append("<tr><th><a href=\"#").append(f).append("\">").append(f).append("</a></th><td>")
                    .append(String.join(", ", f.breaks().stream().map(Enum::name).toList())).append("</td>");
            for (LayerReport r : layers) {
                var d = g.detection(f, r.layer());
                String cls = d.map(x -> switch (x.status()) {
                    case DETECTED -> "det";
                    case MISSED, NOT_RUN -> "miss";
                    case NOT_EXPRESSIBLE -> "na";
                }).orElse("na");
                h.append("<td class=\"").append(cls).append("\" title=\"")
                        .append(esc(d.map(Detection::evidence).orElse(""))).append("\">")
                        .append(d.map(TerminalTables::cell).orElse("&ndash;")).append("</td>");
            }
            h.append("<td class=\"stmt\">").append(esc(f.models())).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Counterexamples</h2>\n");
        for (Fault f : Fault.values()) {
            h.append("<section class=\"fault\" id=\"").append(f).append("\"><h3>").append(f).append("</h3><p>")
                    .append(esc(f.models())).append("</p>\n");
            boolean any = false;
            for (LayerReport r : layers) {
                var d = g.detection(f, r.layer());
                if (d.isPresent() && d.get().status() == Detection.Status.DETECTED) {
                    any = true;
                    h.append("<h4>").append(r.layer().id()).append(String.format(" &mdash; detected in %.2f s</h4>", d.get().seconds()));
                    h.append("<p>").append(esc(d.get().evidence())).append("</p>\n");
                    Timeline t = d.get().counterexample();
                    if (t != null) {
                        h.append("<div class=\"scroll\">").append(TimelineSvg.render(t)).append("</div>\n");
                        h.append("<ol class=\"steps\">");
                        for (int i = 0; i < t.steps().size(); i++) {
                            Timeline.Step s = t.steps().get(i);
                            h.append(i == t.violatingStep() ? "<li class=\"bad\">" : "<li>")
                                    .append(esc(t.lanes().get(s.lane()))).append(": ").append(esc(s.action()))
                                    .append(s.detail().isEmpty() ? "" : " &mdash; " + esc(s.detail())).append("</li>");
                        }
                        h.append("</ol>\n");
                    }
                }
            }
            if (!any) {
                h.append("<p><strong>No layer detected this fault.</strong></p>\n");
            }
            h.append("</section>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    public static void write(GateResult g, Path file) throws IOException {
        Files.writeString(file, render(g), StandardCharsets.UTF_8);
    }
}
