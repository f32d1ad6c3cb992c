package dev.evalgate.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/** Answers to {@code POST /v1/embeddings}: unit vectors, a pure function of model and input. */
final class EmbeddingReplies {
    static final int DEFAULT_DIMENSIONS = 16;
    static final int MAX_DIMENSIONS = 4096;

    private EmbeddingReplies() {}

    static Reply embeddings(ObjectNode body) {
        String model = Fields.model(body);
        List<JsonNode> inputs = inputs(body.get("input"));
        int dimensions = dimensions(body.get("dimensions"));
        boolean base64 = base64(body.get("encoding_format"));
        ObjectNode root = Json.object().put("object", "list");
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = vector(model, dimensions, inputs.get(i));
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                item.put("embedding", encode(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float value : vector) {
                    values.add(value);
                }
            }
            tokens += PromptTokens.ofInput(inputs.get(i));
        }
        root.put("model", model);
        root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return Reply.ok(root);
    }

    /** A unit-length vector seeded by the model, the dimensions and the input alone. */
    static float[] vector(String model, int dimensions, JsonNode input) {
        byte[] digest = Seeds.sha256(model, Integer.toString(dimensions), Seeds.canonical(input));
        SplittableRandom random = new SplittableRandom(Seeds.toLong(digest));
        double[] raw = new double[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            raw[i] = random.nextDouble(-1.0, 1.0);
            norm += raw[i] * raw[i];
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (raw[i] / norm);
        }
        return vector;
    }

    /** Little-endian float32 bytes, base64-encoded, as OpenAI's {@code base64} format. */
    static String encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES);
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static List<JsonNode> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw SimException.invalid("input: Field required", "input");
        }
        if (input.isTextual()) {
            return List.of(input);
        }
        if (!input.isArray() || input.isEmpty()) {
            throw SimException.invalid(
                    "input: " + input + " (expected: a string, strings or token arrays)", "input");
        }
        if (input.get(0).isNumber()) {
            return List.of(input);
        }
        List<JsonNode> inputs = new ArrayList<>(input.size());
        for (JsonNode item : input) {
            if (!item.isTextual() && !item.isArray()) {
                throw SimException.invalid(
                        "input: " + item + " (expected: a string or a token array)", "input");
            }
            inputs.add(item);
        }
        return inputs;
    }

    private static int dimensions(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_DIMENSIONS;
        }
        if (!node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > MAX_DIMENSIONS) {
            throw SimException.invalid(
                    "dimensions: " + node + " (expected: 1.." + MAX_DIMENSIONS + ")", "dimensions");
        }
        return node.asInt();
    }

    private static boolean base64(JsonNode node) {
        if (node == null || node.isNull() || "float".equals(node.asText())) {
            return false;
        }
        if ("base64".equals(node.asText())) {
            return true;
        }
        throw SimException.invalid(
                "encoding_format: " + node + " (expected: float or base64)", "encoding_format");
    }
}
