package dev.evalgate.gateway.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.TreeSet;

/** Test helpers: JSON text in, translated JSON trees out. */
final class Translations {
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

    private Translations() {}

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(byte[] bytes) {
        return json(new String(bytes, StandardCharsets.UTF_8));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode toAnthropic(String openAiRequest) throws UntranslatableException {
        return json(OpenAiToAnthropic.request(bytes(openAiRequest), "claude-x", 1024));
    }

    static JsonNode toOpenAi(String anthropicRequest) throws UntranslatableException {
        return json(AnthropicToOpenAi.request(bytes(anthropicRequest), "gpt-x"));
    }

    /** Asserts JSON equality regardless of key order, showing both sides on failure. */
    static void assertJson(JsonNode actual, String expected) {
        assertJson(actual, json(expected));
    }

    static void assertJson(JsonNode actual, JsonNode expected) {
        assertThat(sorted(actual).toPrettyString()).isEqualTo(sorted(expected).toPrettyString());
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = Json.object();
            TreeSet<String> names = new TreeSet<>();
            node.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> copy.set(name, sorted(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.array();
            node.forEach(e -> copy.add(sorted(e)));
            return copy;
        }
        return node;
    }
}
