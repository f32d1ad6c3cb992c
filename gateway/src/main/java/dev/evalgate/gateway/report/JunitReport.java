package dev.evalgate.gateway.report;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI test-report views (GitLab {@code artifacts:reports:junit}, GitHub test-report
 * actions): one {@code <testsuite name="evalgate">}, the run's figures as {@code <properties>}, one
 * {@code <testcase>} per check; a failed check carries a {@code <failure>}, a passed one its
 * verdict as {@code <system-out>}.
 */
final class JunitReport {

    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private JunitReport() {}

    static String render(RunReport r, List<Check> checks) {
        StringWriter buffer = new StringWriter();
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(buffer);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", "evalgate");
            w.writeAttribute("tests", Integer.toString(checks.size()));
            long failures = checks.stream().filter(c -> !c.passed()).count();
            w.writeAttribute("failures", Long.toString(failures));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", "0");
            w.writeAttribute("time", "0");
            indent(w, 1);
            w.writeStartElement("properties");
            for (Map.Entry<String, String> p : properties(r).entrySet()) {
                indent(w, 2);
                w.writeEmptyElement("property");
                w.writeAttribute("name", p.getKey());
                w.writeAttribute("value", xml(p.getValue()));
            }
            indent(w, 1);
            w.writeEndElement();
            for (Check c : checks) {
                indent(w, 1);
                w.writeStartElement("testcase");
                w.writeAttribute("classname", "evalgate");
                w.writeAttribute("name", c.name());
                w.writeAttribute("time", "0");
                indent(w, 2);
                if (c.passed()) {
                    w.writeStartElement("system-out");
                    w.writeCharacters(xml(c.message()));
                } else {
                    w.writeStartElement("failure");
                    w.writeAttribute("type", "threshold");
                    w.writeAttribute("message", xml(c.message()));
                    w.writeCharacters(xml(c.message()));
                }
                w.writeEndElement();
                indent(w, 1);
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML to a string", e);
        }
        return buffer.append('\n').toString();
    }

    /** The run's figures; missing ones are left out. */
    private static Map<String, String> properties(RunReport r) {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "run", r.run);
        put(p, "pipeline", r.pipeline);
        put(p, "catalog_version", r.catalogVersion);
        put(p, "calls", r.calls);
        put(p, "hits", r.hits);
        put(p, "misses", r.misses);
        put(p, "coalesced", r.coalesced);
        put(p, "bypassed", r.bypassed);
        put(p, "served_tokens", r.servedTokens);
        put(p, "billed_tokens", r.billedTokens);
        put(p, "cost_usd", Amounts.plainUsd(r.costMicros));
        put(p, "saved_usd", Amounts.plainUsd(r.savedMicros));
        put(p, "cost_micros", r.costMicros);
        put(p, "saved_micros", r.savedMicros);
        put(p, "estimated_calls", r.estimatedCalls);
        if (r.ratio != null) {
            put(p, "ratio_percent", r.ratio.percent());
            put(p, "ratio_band", r.ratio.bandLabel());
            put(p, "ratio_window_days", r.ratio.windowDays());
        }
        put(p, "unknown_models", String.join(",", r.unknownModels.keySet()));
        return p;
    }

    private static void put(Map<String, String> p, String name, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            p.put(name, value.toString());
        }
    }

    private static void indent(XMLStreamWriter w, int depth) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
    }

    /** Only characters XML 1.0 can carry; the writer escapes markup itself. */
    private static String xml(String s) {
        return RunReport.printable(s);
    }
}
