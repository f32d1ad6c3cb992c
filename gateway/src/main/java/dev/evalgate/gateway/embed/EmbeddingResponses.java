package dev.evalgate.gateway.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.cache.semantic.Cosine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** The OpenAI embeddings wire format: the request for one text, and its answer's vector. */
final class EmbeddingResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddingResponses() {}

    /** {@code {"model": model, "input": text, "encoding_format": "float"}}. */
    static byte[] requestOf(String model, String text) {
        ObjectNode body =
                JSON.createObjectNode()
                        .put("model", model)
                        .put("input", text)
                        .put("encoding_format", "float");
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a string tree always serialises", e);
        }
    }

    /**
     * The L2-normalised {@code data[0].embedding} of a 2xx answer (floats, or base64 little-endian
     * float32 from a provider that ignores {@code encoding_format}).
     *
     * @throws EmbeddingException for another status, or a body without a finite, non-zero vector
     */
    static float[] vectorOf(int status, byte[] body) {
        if (status / 100 != 2) {
            throw new EmbeddingException("the embeddings call answered " + status);
        }
        JsonNode embedding;
        try {
            embedding = JSON.readTree(body).path("data").path(0).path("embedding");
        } catch (IOException e) {
            throw new EmbeddingException("the embeddings answer is not JSON");
        }
        float[] raw = embedding.isTextual() ? decode(embedding.textValue()) : floats(embedding);
        boolean direction = false;
        for (float x : raw) {
            if (!Float.isFinite(x)) {
                throw new EmbeddingException("the embedding holds a non-finite value");
            }
            direction |= x != 0;
        }
        if (!direction) {
            // Empty or zero: similar to nothing, so worthless to index.
            throw new EmbeddingException("the embedding is empty or zero");
        }
        return Cosine.normalize(raw);
    }

    private static float[] floats(JsonNode embedding) {
        if (!embedding.isArray()) {
            throw new EmbeddingException("the embeddings answer has no data[0].embedding array");
        }
        float[] v = new float[embedding.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = embedding.get(i);
            if (!x.isNumber()) {
                throw new EmbeddingException("data[0].embedding[" + i + "] is not a number");
            }
            v[i] = x.floatValue();
        }
        return v;
    }

    private static float[] decode(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new EmbeddingException("data[0].embedding is neither numbers nor base64");
        }
        if (bytes.length % Float.BYTES != 0) {
            throw new EmbeddingException("data[0].embedding is not whole float32 values");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.getFloat();
        }
        return v;
    }
}
