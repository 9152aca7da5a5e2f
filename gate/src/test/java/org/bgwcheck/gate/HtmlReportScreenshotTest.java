package org.bgwcheck.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.gate.model.Detection;
import org.bgwcheck.gate.model.GateResult;
import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;
import org.bgwcheck.gate.render.HtmlReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a report with one counterexample in headless Chromium and checks the picture: the page draws, the
 * lanes' step dots (blue) and the violating step (red) are on screen. Needs Debian's {@code chromium};
 * .ci/run installs it and sets BGWCHECK_REQUIRE_CHROMIUM=1 so that CI can never skip this silently.
 */
class HtmlReportScreenshotTest {
    private static final int RED = 0xcf222e;
    private static final int BLUE = 0x0969da;

    @Test
    void reportRendersTimelinesInChromium(@TempDir Path dir) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        boolean required = "1".equals(System.getenv("BGWCHECK_REQUIRE_CHROMIUM"));
        if (required) {
            assertTrue(Files.isExecutable(chromium), "BGWCHECK_REQUIRE_CHROMIUM=1 but /usr/bin/chromium is missing"
                    + " (apt-get install chromium)");
        }
        assumeTrue(Files.isExecutable(chromium), "chromium not installed: apt-get install chromium");

        LayerReport tla = new LayerReport(Layer.TLA, List.of(), List.of(new Detection(Layer.TLA,
                Fault.SEED_AS_WRITTEN, Detection.Status.DETECTED, 4.2, "NoPidClobber violated",
                GateFixtures.timeline(Fault.SEED_AS_WRITTEN))), List.of(), null);
        Path html = dir.resolve("report.html");
        HtmlReport.write(new GateResult(List.of(tla), 10), html);
        Path png = dir.resolve("shot.png");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), "--hide-scrollbars",
                "--window-size=1400,4000", "--screenshot=" + png, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish within 90 s");
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + readQuietly(dir.resolve("chromium.log")));

        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() >= 1000 && img.getHeight() >= 1000, "screenshot " + img.getWidth() + "x" + img.getHeight());
        assertTrue(count(img, RED) > 20, "the violating step is drawn in red");
        assertTrue(count(img, BLUE) > 20, "the other steps are drawn as blue dots");
        Files.createDirectories(Path.of("target"));
        Files.copy(png, Path.of("target", "report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
