package dev.evalgate.cache.sse;

/** The streaming dialects the cache can assemble and replay. */
public enum StreamFormat {
    /**
     * OpenAI {@code /v1/chat/completions}: {@code chat.completion.chunk} events, then {@code
     * [DONE]}.
     */
    OPENAI_CHAT,
    /**
     * OpenAI legacy {@code /v1/completions}: {@code text_completion} events, then {@code [DONE]}.
     */
    OPENAI_COMPLETIONS,
    /** Anthropic {@code /v1/messages}: {@code message_start} … {@code message_stop} events. */
    ANTHROPIC_MESSAGES
}
