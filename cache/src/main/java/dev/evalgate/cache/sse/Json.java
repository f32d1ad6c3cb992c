package dev.evalgate.cache.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of this package. Numbers keep their exact decimal value (logprobs survive a
 * round trip unchanged) and objects keep their insertion order, so the same tree always writes the
 * same bytes.
 */
final class Json {
    static final JsonMapper MAPPER =
            JsonMapper.builder()
                    // Byte output (SseWriter) writes a surrogate pair as the four-byte UTF-8 of its
                    // code point, as String.getBytes does, not as two escapes; a lone surrogate,
                    // which UTF-8 cannot hold, stays an escape. String output is unaffected.
                    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .build();

    private Json() {}

    /** Parses {@code text} as a JSON object, or returns {@code null} if it is anything else. */
    static ObjectNode parseObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Parses {@code bytes} as a JSON object, or returns {@code null} if it is anything else. */
    static ObjectNode parseObject(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            return node instanceof ObjectNode object ? object : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree always serializes", e);
        }
    }

    /** The string value of {@code node}, or {@code null} when it is missing, null or not text. */
    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** True when the field is absent or JSON {@code null}. */
    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }
}
