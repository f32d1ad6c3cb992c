package dev.evalgate.gateway.translate;

/**
 * For a client speaking Anthropic Messages whose route ends at an OpenAI-compatible provider: the
 * request goes out as a Chat Completions request, the answer (plain or streamed) comes back as an
 * Anthropic message. The rules, and what is refused, are in {@code docs/translation.md}.
 */
public final class AnthropicToOpenAi {
    private AnthropicToOpenAi() {}

    /**
     * Translates a Messages request body into a Chat Completions request body for {@code
     * upstreamModel}. A streamed request asks for {@code stream_options.include_usage}, so the
     * translated stream can report usage as Anthropic streams do.
     *
     * @throws UntranslatableException naming the first field that has no faithful translation, or
     *     that is malformed
     */
    public static byte[] request(byte[] anthropicRequest, String upstreamModel)
            throws UntranslatableException {
        return Json.bytes(
                MessagesToChatRequest.translate(Json.parseObject(anthropicRequest), upstreamModel));
    }

    /**
     * Translates a {@code chat.completion} (a non-streamed response body) into an Anthropic message
     * that names {@code modelShownToClient}.
     *
     * @throws UntranslatableException when the completion holds what a message cannot carry (more
     *     than one choice, audio) or is malformed
     */
    public static byte[] response(byte[] openAiChatCompletion, String modelShownToClient)
            throws UntranslatableException {
        return Json.bytes(
                CompletionToMessage.translate(
                        Json.parseObject(openAiChatCompletion), modelShownToClient));
    }

    /**
     * A translator from OpenAI {@code chat.completion.chunk} events to an Anthropic Messages event
     * stream, {@code message_start} to {@code message_stop}.
     */
    public static StreamTranslator stream(String modelShownToClient) {
        return new ChunksToMessageEvents(modelShownToClient);
    }
}
