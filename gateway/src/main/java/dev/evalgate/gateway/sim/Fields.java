package dev.evalgate.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads and validates request fields the way the real APIs do, failing with a 400. */
final class Fields {
    private Fields() {}

    /** The required {@code model}, or {@code null} if the body has none (for counting). */
    static String modelOrNull(ObjectNode body) {
        JsonNode model = body == null ? null : body.get("model");
        return model != null && model.isTextual() ? model.asText() : null;
    }

    static String model(ObjectNode body) {
        String model = modelOrNull(body);
        if (model == null || model.isEmpty()) {
            throw SimException.invalid("you must provide a model parameter", "model");
        }
        return model;
    }

    /** The required array {@code name}. */
    static JsonNode array(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || !node.isArray()) {
            throw SimException.invalid(name + ": Field required (expected: an array)", name);
        }
        return node;
    }

    /** The first present positive integer among {@code names}, 0 if none is present. */
    static int cap(ObjectNode body, String... names) {
        for (String name : names) {
            JsonNode node = body.get(name);
            if (node == null || node.isNull()) {
                continue;
            }
            if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
                throw SimException.invalid(
                        name + ": " + node + " (expected: an integer >= 1)", name);
            }
            return node.asInt();
        }
        return 0;
    }

    static boolean flag(JsonNode node, String name) {
        return node.path(name).asBoolean(false);
    }
}
