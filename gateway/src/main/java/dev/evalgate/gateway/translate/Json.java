package dev.evalgate.gateway.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The package's one {@link ObjectMapper} and the JSON chores around it. */
final class Json {
    static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** {@code body} parsed as a JSON object, or a refusal naming the body as a whole. */
    static ObjectNode parseObject(byte[] body) throws UntranslatableException {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw UntranslatableException.invalid(
                    "", "a JSON object (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw UntranslatableException.invalid("", "a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw UntranslatableException.invalid("", "a JSON object");
        }
        return (ObjectNode) node;
    }

    /** {@code text} parsed as JSON, or {@code null} when it is not JSON. */
    static JsonNode parseOrNull(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static byte[] bytes(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8);
    }

    /** Absent and JSON {@code null} mean the same in both protocols: "not set". */
    static boolean isSet(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }
}
