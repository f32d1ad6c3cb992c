package dev.evalgate.gateway.translate;

import dev.evalgate.gateway.config.ProviderKind;

/**
 * One cross-protocol hop, chosen per request: the client speaks one protocol, the target provider
 * the other. Builds the upstream request and translates the answer back.
 */
public final class Translation {

    /**
     * {@code max_tokens} sent to Anthropic when an OpenAI request sets neither {@code max_tokens}
     * nor {@code max_completion_tokens} (Anthropic requires it; OpenAI's own default is the model's
     * limit).
     */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    private final ProviderKind client;
    private final String modelShownToClient;
    private final boolean includeUsage;

    private Translation(ProviderKind client, String modelShownToClient, boolean includeUsage) {
        this.client = client;
        this.modelShownToClient = modelShownToClient;
        this.includeUsage = includeUsage;
    }

    /**
     * The translation from a client of protocol {@code client} to a provider of protocol {@code
     * upstream}, or null when they are the same.
     */
    public static Translation between(
            ProviderKind client,
            ProviderKind upstream,
            String modelShownToClient,
            boolean includeUsage) {
        return client == upstream
                ? null
                : new Translation(client, modelShownToClient, includeUsage);
    }

    /** The protocol the upstream speaks. */
    public ProviderKind upstream() {
        return client == ProviderKind.OPENAI ? ProviderKind.ANTHROPIC : ProviderKind.OPENAI;
    }

    /** The upstream request for the client's {@code body}, addressed to {@code upstreamModel}. */
    public byte[] request(byte[] body, String upstreamModel) throws UntranslatableException {
        return client == ProviderKind.OPENAI
                ? OpenAiToAnthropic.request(body, upstreamModel, DEFAULT_MAX_TOKENS)
                : AnthropicToOpenAi.request(body, upstreamModel);
    }

    /** The client's plain answer for the upstream's plain answer. */
    public byte[] response(byte[] upstreamAnswer) throws UntranslatableException {
        return client == ProviderKind.OPENAI
                ? OpenAiToAnthropic.response(upstreamAnswer, modelShownToClient)
                : AnthropicToOpenAi.response(upstreamAnswer, modelShownToClient);
    }

    /** A translator for the upstream's SSE stream into the client's. */
    public StreamTranslator stream() {
        return client == ProviderKind.OPENAI
                ? OpenAiToAnthropic.stream(modelShownToClient, includeUsage)
                : AnthropicToOpenAi.stream(modelShownToClient);
    }
}
