package dev.evalgate.gateway.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** The gateway's answer for run {@code r1}, as the admin API's contract spells it. */
final class ReportFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportFixtures() {}

    /** The fixture's JSON text. */
    static String json() {
        try (InputStream in = ReportFixtures.class.getResourceAsStream("/report/run-r1.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree() {
        try {
            return (ObjectNode) JSON.readTree(json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RunReport report() {
        return RunReport.of(tree(), "r1");
    }

    /** The fixture changed by {@code edit}. */
    static RunReport report(Consumer<ObjectNode> edit) {
        ObjectNode tree = tree();
        edit.accept(tree);
        return RunReport.of(tree, "r1");
    }

    static RunReport parse(String json) {
        try {
            return RunReport.of((ObjectNode) JSON.readTree(json), "r1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
