package dev.evalgate.pricing.usage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the provider's own token counts from a complete answer body.
 *
 * <p>Streamed answers are assembled by the gateway into the plain shape first, so one reader serves
 * both; for OpenAI streams the usage only exists if the request asked for it ({@code
 * stream_options.include_usage}). An answer without usable counts (no {@code usage}, not JSON,
 * counts missing, negative or not integers, more cached tokens than prompt tokens) yields empty,
 * and the caller estimates instead.
 */
public final class UsageExtractor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UsageExtractor() {}

    /**
     * Usage from an OpenAI chat completion, text completion or embeddings answer: {@code
     * usage.prompt_tokens}, {@code usage.completion_tokens} (zero when absent, as for embeddings)
     * and {@code usage.prompt_tokens_details.cached_tokens} (zero when absent).
     */
    public static Optional<Usage> fromOpenAi(byte[] completeAnswerJson) {
        JsonNode usage = usageOf(completeAnswerJson);
        if (usage == null) {
            return Optional.empty();
        }
        OptionalLong prompt = count(usage, "prompt_tokens", false);
        OptionalLong completion = count(usage, "completion_tokens", true);
        OptionalLong cached = count(usage.path("prompt_tokens_details"), "cached_tokens", true);
        if (prompt.isEmpty()
                || completion.isEmpty()
                || cached.isEmpty()
                || cached.getAsLong() > prompt.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(
                Usage.openAi(prompt.getAsLong(), cached.getAsLong(), completion.getAsLong()));
    }

    /**
     * Usage from an Anthropic Messages answer: {@code usage.input_tokens}, {@code
     * usage.output_tokens}, {@code usage.cache_creation_input_tokens} and {@code
     * usage.cache_read_input_tokens} (the cache figures zero when absent or null).
     */
    public static Optional<Usage> fromAnthropic(byte[] completeAnswerJson) {
        JsonNode usage = usageOf(completeAnswerJson);
        if (usage == null) {
            return Optional.empty();
        }
        OptionalLong input = count(usage, "input_tokens", false);
        OptionalLong output = count(usage, "output_tokens", false);
        OptionalLong write = count(usage, "cache_creation_input_tokens", true);
        OptionalLong read = count(usage, "cache_read_input_tokens", true);
        if (input.isEmpty() || output.isEmpty() || write.isEmpty() || read.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                Usage.anthropic(
                        input.getAsLong(),
                        output.getAsLong(),
                        write.getAsLong(),
                        read.getAsLong()));
    }

    /**
     * The top-level {@code usage} object, read in one streaming pass that skips everything else (an
     * answer's text can be large; only its few usage numbers become a tree).
     */
    private static JsonNode usageOf(byte[] answer) {
        if (answer == null || answer.length == 0) {
            return null;
        }
        try (JsonParser p = JSON.getFactory().createParser(answer)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonNode usage = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("usage".equals(name) && value == JsonToken.START_OBJECT) {
                    usage = JSON.readTree(p);
                } else {
                    p.skipChildren();
                }
            }
            return usage;
        } catch (IOException e) {
            return null;
        }
    }

    /** A non-negative integer field; zero if optional and absent or null; else empty. */
    private static OptionalLong count(JsonNode parent, String field, boolean optional) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return optional ? OptionalLong.of(0) : OptionalLong.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(node.longValue());
    }
}
