package org.bgwcheck.gate.render;

import java.util.List;

import org.bgwcheck.gate.model.Timeline;

/**
 * Draws a {@link Timeline} as an SVG: one horizontal lane per process, one column per step, a dot with the
 * action on the acting lane, and the violating step marked in red with the verdict under the picture.
 */
final class TimelineSvg {
    private static final int LANE_H = 44;
    private static final int STEP_W = 150;
    private static final int LABEL_W = 130;
    private static final int TOP = 30;

    private TimelineSvg() {
    }

    static String render(Timeline t) {
        List<String> lanes = t.lanes();
        int width = LABEL_W + Math.max(1, t.steps().size()) * STEP_W + 20;
        int height = TOP + lanes.size() * LANE_H + 50;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n", width, height, width, height, esc(t.title())));
        for (int i = 0; i < lanes.size(); i++) {
            int y = TOP + i * LANE_H + LANE_H / 2;
            svg.append(String.format("<text x=\"6\" y=\"%d\" class=\"lane\">%s</text>%n", y + 4, esc(lanes.get(i))));
            svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"lane-line\"/>%n",
                    LABEL_W, y, width - 10, y));
        }
        for (int s = 0; s < t.steps().size(); s++) {
            Timeline.Step step = t.steps().get(s);
            int x = LABEL_W + s * STEP_W + STEP_W / 2;
            int y = TOP + step.lane() * LANE_H + LANE_H / 2;
            boolean bad = s == t.violatingStep();
            svg.append(String.format("<text x=\"%d\" y=\"18\" class=\"step-no\">%d</text>%n", x, s + 1));
            svg.append(String.format("<circle cx=\"%d\" cy=\"%d\" r=\"6\" class=\"%s\"><title>%s</title></circle>%n",
                    x, y, bad ? "dot bad" : "dot", esc(step.action() + (step.detail().isEmpty() ? "" : "\n" + step.detail()))));
            svg.append(String.format("<text x=\"%d\" y=\"%d\" class=\"%s\">%s</text>%n", x, y - 10,
                    bad ? "act bad" : "act", esc(shorten(step.action(), 26))));
            if (!step.detail().isEmpty()) {
                svg.append(String.format("<text x=\"%d\" y=\"%d\" class=\"detail\">%s</text>%n", x, y + 18,
                        esc(shorten(step.detail(), 28))));
            }
        }
        svg.append(String.format("<text x=\"6\" y=\"%d\" class=\"verdict\">%s</text>%n", height - 14,
                esc(shorten(t.verdict(), 180))));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
