package dev.evalgate.gateway.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The gateway's answer as it came, plus a {@code checks} array of {@code {name, passed, message}}.
 */
final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReport() {}

    static String render(RunReport r, List<Check> checks) {
        return render(r.raw, checks);
    }

    /** {@code raw} (a gateway answer) plus a {@code checks} array. */
    static String render(ObjectNode raw, List<Check> checks) {
        ObjectNode root = raw.deepCopy();
        ArrayNode array = root.putArray("checks");
        for (Check c : checks) {
            array.addObject()
                    .put("name", c.name())
                    .put("passed", c.passed())
                    .put("message", c.message());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree to a string", e);
        }
    }
}
