package dev.evalgate.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;

/** Realistic prompt token counts: about a token per four characters plus three per message. */
final class PromptTokens {
    private PromptTokens() {}

    /** Tokens of OpenAI chat {@code messages}. */
    static int ofMessages(JsonNode messages) {
        int chars = 0;
        for (JsonNode message : messages) {
            chars += chars(message.path("content"));
        }
        return estimate(chars, messages.size(), 0);
    }

    /** Tokens of an Anthropic request's {@code system} and {@code messages}. */
    static int ofAnthropic(JsonNode system, JsonNode messages) {
        int chars = chars(system);
        for (JsonNode message : messages) {
            chars += chars(message.path("content"));
        }
        return estimate(chars, messages.size(), 0);
    }

    /** Tokens of a completions {@code prompt} or one embeddings input. */
    static int ofInput(JsonNode input) {
        if (input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
            return Math.max(1, input.size());
        }
        return estimate(chars(input), 0, 0);
    }

    private static int estimate(int chars, int messages, int tokens) {
        return Math.max(1, chars / 4 + 3 * messages + tokens);
    }

    /** Characters of text in a string, an array of strings or an array of content blocks. */
    private static int chars(JsonNode content) {
        if (content.isTextual()) {
            return content.asText().length();
        }
        int chars = 0;
        if (content.isArray()) {
            for (JsonNode part : content) {
                chars +=
                        part.isTextual()
                                ? part.asText().length()
                                : part.path("text").asText().length();
            }
        }
        return chars;
    }
}
