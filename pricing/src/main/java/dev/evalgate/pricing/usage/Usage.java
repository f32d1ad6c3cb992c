package dev.evalgate.pricing.usage;

/**
 * The tokens one call consumed, split into disjoint shares that each carry their own rate.
 *
 * <p>Providers count differently, and the factories normalise: OpenAI's {@code prompt_tokens}
 * <em>includes</em> {@code cached_tokens}, so {@link #openAi} subtracts them to get {@code input};
 * Anthropic's {@code input_tokens} <em>excludes</em> cache writes and reads, so {@link #anthropic}
 * takes it as it is. After that no token appears in two shares and none is billed twice.
 *
 * @param input prompt tokens not served from a prompt cache
 * @param cachedInput prompt tokens served from OpenAI's prompt cache
 * @param output completion tokens, reasoning tokens included
 * @param cacheWrite prompt tokens written to Anthropic's prompt cache
 * @param cacheRead prompt tokens read from Anthropic's prompt cache
 * @param estimated whether the figures were counted by a tokenizer rather than reported by the
 *     provider
 */
public record Usage(
        long input,
        long cachedInput,
        long output,
        long cacheWrite,
        long cacheRead,
        boolean estimated) {

    /** No tokens at all. */
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, false);

    /** Rejects negative counts. */
    public Usage {
        requireCount("input", input);
        requireCount("cachedInput", cachedInput);
        requireCount("output", output);
        requireCount("cacheWrite", cacheWrite);
        requireCount("cacheRead", cacheRead);
    }

    /**
     * Usage as OpenAI reports it.
     *
     * @param promptTokens {@code prompt_tokens}, cached tokens included
     * @param cachedTokens {@code prompt_tokens_details.cached_tokens}
     * @param completionTokens {@code completion_tokens}
     * @throws IllegalArgumentException if a count is negative or more tokens are cached than sent
     */
    public static Usage openAi(long promptTokens, long cachedTokens, long completionTokens) {
        if (cachedTokens > promptTokens) {
            throw new IllegalArgumentException(
                    "cachedTokens: "
                            + cachedTokens
                            + " (expected: <= promptTokens "
                            + promptTokens
                            + ")");
        }
        return new Usage(promptTokens - cachedTokens, cachedTokens, completionTokens, 0, 0, false);
    }

    /**
     * Usage as Anthropic reports it.
     *
     * @param inputTokens {@code input_tokens}, cache tokens excluded
     * @param outputTokens {@code output_tokens}
     * @param cacheCreationTokens {@code cache_creation_input_tokens}
     * @param cacheReadTokens {@code cache_read_input_tokens}
     */
    public static Usage anthropic(
            long inputTokens, long outputTokens, long cacheCreationTokens, long cacheReadTokens) {
        return new Usage(inputTokens, 0, outputTokens, cacheCreationTokens, cacheReadTokens, false);
    }

    /** Usage counted by a tokenizer, flagged as estimated. */
    public static Usage estimated(long input, long output) {
        return new Usage(input, 0, output, 0, 0, true);
    }

    /** Every prompt token, whichever share it is billed in. */
    public long promptTokens() {
        return Math.addExact(
                Math.addExact(input, cachedInput), Math.addExact(cacheWrite, cacheRead));
    }

    /** Prompt and output tokens together. */
    public long totalTokens() {
        return Math.addExact(promptTokens(), output);
    }

    private static void requireCount(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
    }
}
