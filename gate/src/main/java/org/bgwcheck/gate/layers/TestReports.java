package org.bgwcheck.gate.layers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every test a module's build ran and saw fail, from the reports Maven's surefire and failsafe write for each test
 * class ({@code target/surefire-reports/TEST-*.xml}, {@code target/failsafe-reports/TEST-*.xml}). A summary holds
 * what the tests chose to record; the reports hold every test, so a failure no summary entry carries (a test that
 * names no property, a check that threw before recording) still fails the layer. Reports older than the code
 * ({@link Freshness}) are of another build and are not read.
 */
final class TestReports {
    /** A failure's message is shown up to this many characters: enough to start looking, short enough to list. */
    private static final int SHOWN = 400;

    private TestReports() {
    }

    /** Each failed test of {@code module} whose class {@code owned} accepts, as a line of the gate's failures. */
    static List<String> failures(Path root, String module, Freshness freshness, Predicate<String> owned)
            throws Exception {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("surefire-reports", "failsafe-reports")) {
            Path reports = root.resolve(module).resolve("target").resolve(dir);
            if (!Files.isDirectory(reports)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> list = Files.list(reports)) {
                files = list.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
            }
            for (Path f : files) {
                if (freshness.current(f)) {
                    out.addAll(failuresIn(f, root.relativize(f).toString(), owned));
                }
            }
        }
        return out;
    }

    private static List<String> failuresIn(Path report, String shown, Predicate<String> owned) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList cases = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            String testClass = testcase.getAttribute("classname");
            if (!owned.test(testClass)) {
                continue;
            }
            for (Node n = testcase.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && (e.getTagName().equals("failure") || e.getTagName().equals("error"))) {
                    out.add("test " + simpleName(testClass) + "." + testcase.getAttribute("name") + " "
                            + (e.getTagName().equals("failure") ? "failed" : "erred") + ": "
                            + shorten(message(e)) + " (" + shown + ")");
                }
            }
        }
        return out;
    }

    private static String message(Element e) {
        String m = e.getAttribute("message");
        return m.isBlank() ? e.getAttribute("type") : m;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s*\\n\\s*", " / ");
        return oneLine.length() <= SHOWN ? oneLine : oneLine.substring(0, SHOWN) + " ...";
    }
}
