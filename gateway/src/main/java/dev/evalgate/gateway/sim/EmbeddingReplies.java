package dev.evalgate.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers to {@code POST /v1/embeddings}: unit vectors, a pure function of model and input, in
 * which similar texts get similar vectors (see {@link #vector}), so a semantic cache can be tested
 * against the simulator.
 */
final class EmbeddingReplies {
    static final int DEFAULT_DIMENSIONS = 16;
    static final int MAX_DIMENSIONS = 4096;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

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

    /**
     * A unit-length vector, a pure function of the model, the dimensions and the input, in which
     * similar texts are similar: a bag of words hashed into the dimensions. Each lower-cased word
     * (a run of letters and digits; each token of a token array) adds ±1 to one dimension, both
     * chosen by a hash of the model, the dimensions and the word; the sum is L2-normalised. So a
     * text differing only in case, spacing or punctuation has cosine 1.0, and texts sharing most
     * words have a high cosine (colliding words add noise, the more so the fewer dimensions). An
     * input without a word gets a vector seeded by the whole input instead.
     */
    static float[] vector(String model, int dimensions, JsonNode input) {
        List<String> words = words(input);
        if (words.isEmpty()) {
            return seeded(model, dimensions, input);
        }
        double[] sum = new double[dimensions];
        String dims = Integer.toString(dimensions);
        for (String word : words) {
            long hash = Seeds.toLong(Seeds.sha256(model, dims, word));
            int slot = (int) Long.remainderUnsigned(hash >>> 1, dimensions);
            sum[slot] += (hash & 1) == 0 ? 1 : -1;
        }
        return unit(sum, () -> seeded(model, dimensions, input));
    }

    /** The lower-cased words of a string input, or the tokens of a token array. */
    private static List<String> words(JsonNode input) {
        List<String> words = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(token -> words.add("#" + token.asText()));
            return words;
        }
        Matcher m = WORD.matcher(input.asText().toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** A unit-length vector seeded by the model, the dimensions and the whole input. */
    private static float[] seeded(String model, int dimensions, JsonNode input) {
        byte[] digest = Seeds.sha256(model, Integer.toString(dimensions), Seeds.canonical(input));
        SplittableRandom random = new SplittableRandom(Seeds.toLong(digest));
        double[] raw = new double[dimensions];
        for (int i = 0; i < dimensions; i++) {
            raw[i] = random.nextDouble(-1.0, 1.0);
        }
        return unit(raw, () -> new float[dimensions]);
    }

    /** {@code raw} scaled to length 1, or {@code ifZero} when it has no direction. */
    private static float[] unit(double[] raw, Supplier<float[]> ifZero) {
        double norm = 0;
        for (double x : raw) {
            norm += x * x;
        }
        if (norm == 0) {
            return ifZero.get();
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
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
