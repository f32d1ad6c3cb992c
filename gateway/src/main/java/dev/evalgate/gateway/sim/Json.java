package dev.evalgate.gateway.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;

/** The simulator's one {@link ObjectMapper} and the few JSON chores around it. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code body} parsed as a JSON object. */
    static ObjectNode parseObject(String body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw SimException.invalid("We could not parse the JSON body of your request.", null);
        }
        if (node == null || !node.isObject()) {
            throw SimException.invalid("The request body must be a JSON object.", null);
        }
        return (ObjectNode) node;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static byte[] bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    static String quote(String text) {
        return new TextNode(text).toString();
    }
}
