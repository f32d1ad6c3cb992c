package dev.evalgate.gateway.translate;

import java.time.Clock;

/**
 * For a client speaking OpenAI Chat Completions whose route ends at an Anthropic Messages provider:
 * the request goes out as a Messages request, the answer (plain or streamed) comes back as a chat
 * completion. The rules, and what is refused, are in {@code docs/translation.md}.
 */
public final class OpenAiToAnthropic {
    private OpenAiToAnthropic() {}

    /**
     * Translates a Chat Completions request body into a Messages request body for {@code
     * upstreamModel}.
     *
     * @param defaultMaxTokens the {@code max_tokens} to send when the request sets neither {@code
     *     max_completion_tokens} nor {@code max_tokens} (Anthropic requires one; OpenAI's default
     *     is "up to the context window")
     * @throws UntranslatableException naming the first field that has no faithful translation, or
     *     that is malformed
     */
    public static byte[] request(
            byte[] openAiChatRequest, String upstreamModel, int defaultMaxTokens)
            throws UntranslatableException {
        if (defaultMaxTokens < 1) {
            throw new IllegalArgumentException(
                    "defaultMaxTokens must be positive: " + defaultMaxTokens);
        }
        return Json.bytes(
                ChatToMessagesRequest.translate(
                        Json.parseObject(openAiChatRequest), upstreamModel, defaultMaxTokens));
    }

    /**
     * Translates an Anthropic message (a non-streamed response body) into a {@code chat.completion}
     * that names {@code modelShownToClient}.
     *
     * @throws UntranslatableException when the message holds content a chat completion cannot carry
     *     (thinking blocks, server tool results) or is malformed
     */
    public static byte[] response(byte[] anthropicMessage, String modelShownToClient)
            throws UntranslatableException {
        return response(anthropicMessage, modelShownToClient, Clock.systemUTC());
    }

    static byte[] response(byte[] anthropicMessage, String modelShownToClient, Clock clock)
            throws UntranslatableException {
        return Json.bytes(
                MessageToCompletion.translate(
                        Json.parseObject(anthropicMessage), modelShownToClient, clock));
    }

    /**
     * A translator from an Anthropic Messages event stream to OpenAI {@code chat.completion.chunk}
     * events ending in {@code data: [DONE]}.
     *
     * @param includeUsage whether the client asked for {@code stream_options.include_usage}: a last
     *     chunk with empty {@code choices} and the usage
     */
    public static StreamTranslator stream(String modelShownToClient, boolean includeUsage) {
        return stream(modelShownToClient, includeUsage, Clock.systemUTC());
    }

    static StreamTranslator stream(String modelShownToClient, boolean includeUsage, Clock clock) {
        return new MessageEventsToChunks(modelShownToClient, includeUsage, clock);
    }
}
