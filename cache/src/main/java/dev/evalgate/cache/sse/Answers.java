package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Typed reads from a stored answer, each failing with {@link InvalidAnswerException}. */
final class Answers {
    private Answers() {}

    static ObjectNode object(JsonNode parent, String field) throws InvalidAnswerException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new InvalidAnswerException(field + " is not an object");
        }
        return (ObjectNode) node;
    }

    static ArrayNode array(JsonNode parent, String field) throws InvalidAnswerException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isArray()) {
            throw new InvalidAnswerException(field + " is not an array");
        }
        return (ArrayNode) node;
    }

    /** The string at {@code field}, {@code null} when absent or null; anything else is invalid. */
    static String optionalText(JsonNode parent, String field) throws InvalidAnswerException {
        JsonNode node = parent.get(field);
        if (Json.isAbsent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidAnswerException(field + " is not a string");
        }
        return node.textValue();
    }

    static String text(JsonNode parent, String field) throws InvalidAnswerException {
        String text = optionalText(parent, field);
        if (text == null) {
            throw new InvalidAnswerException(field + " is missing");
        }
        return text;
    }

    /** The object at {@code field}, {@code null} when absent or null; anything else is invalid. */
    static ObjectNode optionalObject(JsonNode parent, String field) throws InvalidAnswerException {
        JsonNode node = parent.get(field);
        if (Json.isAbsent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidAnswerException(field + " is not an object");
        }
        return (ObjectNode) node;
    }
}
