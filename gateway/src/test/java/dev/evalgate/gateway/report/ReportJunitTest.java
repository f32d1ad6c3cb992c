package dev.evalgate.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.pricing.ratio.RatioBand;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportJunitTest {

    private static Document render(RunReport r, Thresholds t) throws Exception {
        String xml = ReportFormat.JUNIT.render(r, t.evaluate(r), t);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, Element> testcases(Document doc) {
        Map<String, Element> cases = new HashMap<>();
        NodeList list = doc.getElementsByTagName("testcase");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            cases.put(e.getAttribute("name"), e);
        }
        return cases;
    }

    private static String property(Document doc, String name) {
        NodeList list = doc.getElementsByTagName("property");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e.getAttribute("value");
            }
        }
        return null;
    }

    @Test
    void withoutThresholdsHasOnePassingUnknownModelsCaseWithANote() throws Exception {
        Document doc = render(ReportFixtures.report(), Thresholds.none());
        Element suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("evalgate");
        assertThat(suite.getAttribute("tests")).isEqualTo("1");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        Element unknown = testcases(doc).get("unknown-models");
        assertThat(unknown.getElementsByTagName("failure").getLength()).isZero();
        assertThat(unknown.getElementsByTagName("system-out").item(0).getTextContent())
                .contains("simulator/foo-1");
    }

    @Test
    void failsExactlyTheChecksThatTrip() throws Exception {
        Thresholds t = new Thresholds(new BigDecimal("0.012344"), RatioBand.CRITICAL, true);
        Document doc = render(ReportFixtures.report(), t);
        assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("3");
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("2");
        Map<String, Element> cases = testcases(doc);
        assertThat(cases).containsOnlyKeys("cost-budget", "ratio-band", "unknown-models");
        Element cost = (Element) cases.get("cost-budget").getElementsByTagName("failure").item(0);
        assertThat(cost.getAttribute("message")).contains("$0.012345", "$0.012344");
        assertThat(cases.get("ratio-band").getElementsByTagName("failure").getLength()).isZero();
        assertThat(cases.get("unknown-models").getElementsByTagName("failure").getLength())
                .isEqualTo(1);
    }

    @Test
    void atTheBudgetNoCaseFails() throws Exception {
        Thresholds t = new Thresholds(new BigDecimal("0.012345"), RatioBand.WARNING, false);
        Document doc = render(ReportFixtures.report(), t);
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void carriesTheFiguresAsProperties() throws Exception {
        Document doc = render(ReportFixtures.report(), Thresholds.none());
        assertThat(property(doc, "run")).isEqualTo("r1");
        assertThat(property(doc, "cost_usd")).isEqualTo("0.012345");
        assertThat(property(doc, "cost_micros")).isEqualTo("12345");
        assertThat(property(doc, "ratio_band")).isEqualTo("elevated");
        assertThat(property(doc, "unknown_models")).isEqualTo("simulator/foo-1");
        Document empty = render(ReportFixtures.parse("{}"), Thresholds.none());
        assertThat(property(empty, "run")).isEqualTo("r1");
        assertThat(property(empty, "cost_usd")).isNull();
    }

    @Test
    void staysWellFormedWhateverTheNames() throws Exception {
        String name = "a<b>&\"c\"'d'\u0001\ud800]]>";
        RunReport r =
                ReportFixtures.report(
                        tree -> {
                            tree.put("pipeline", name);
                            tree.withObjectProperty("unknown_models").put(name, 1);
                        });
        Document doc = render(r, new Thresholds(null, null, true));
        assertThat(property(doc, "pipeline")).isEqualTo("a<b>&\"c\"'d'??]]>");
        Element failure =
                (Element)
                        testcases(doc)
                                .get("unknown-models")
                                .getElementsByTagName("failure")
                                .item(0);
        assertThat(failure.getAttribute("message")).contains("a<b>&\"c\"'d'??]]>");
        assertThat(failure.getTextContent()).contains("]]>");
    }
}
