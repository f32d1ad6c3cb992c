package dev.evalgate.pricing.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one model costs, in exact US dollars.
 *
 * <p>Token rates are USD per million tokens, so a token count times a rate is a figure in
 * micro-dollars with no further scaling. Each rate applies to a disjoint share of the tokens (see
 * {@code Usage}): {@code input} to prompt tokens not served from a prompt cache, {@code
 * cachedInput} to OpenAI cached prompt tokens, {@code cacheWrite} and {@code cacheRead} to
 * Anthropic prompt-cache writes and reads, {@code output} to completion tokens (reasoning tokens
 * included). {@code perRequest} is a flat USD fee per call and {@code gpuHour} the USD price of one
 * GPU-hour of a self-hosted model; both are zero when not billed that way.
 *
 * @param input USD per million uncached input tokens
 * @param cachedInput USD per million cached input tokens (OpenAI)
 * @param output USD per million output tokens
 * @param cacheWrite USD per million prompt-cache write tokens (Anthropic)
 * @param cacheRead USD per million prompt-cache read tokens (Anthropic)
 * @param perRequest USD per request
 * @param gpuHour USD per GPU-hour, for self-hosted models priced by time
 */
public record ModelPrice(
        BigDecimal input,
        BigDecimal cachedInput,
        BigDecimal output,
        BigDecimal cacheWrite,
        BigDecimal cacheRead,
        BigDecimal perRequest,
        BigDecimal gpuHour) {

    /** A model that costs nothing: the price of an unknown model, which is flagged separately. */
    public static final ModelPrice ZERO = builder().build();

    /** Rejects missing and negative figures. */
    public ModelPrice {
        requireRate("input", input);
        requireRate("cachedInput", cachedInput);
        requireRate("output", output);
        requireRate("cacheWrite", cacheWrite);
        requireRate("cacheRead", cacheRead);
        requireRate("perRequest", perRequest);
        requireRate("gpuHour", gpuHour);
    }

    /**
     * A builder in which every figure starts at zero; an unset {@code cachedInput} or {@code
     * cacheWrite} takes the input rate and an unset {@code cacheRead} the cached-input rate, so a
     * price without cache discounts bills cached tokens like any other input.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this price's figures, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .input(input)
                .cachedInput(cachedInput)
                .output(output)
                .cacheWrite(cacheWrite)
                .cacheRead(cacheRead)
                .perRequest(perRequest)
                .gpuHour(gpuHour);
    }

    private static void requireRate(String name, BigDecimal value) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
    }

    /** Builds a {@link ModelPrice}; figures are USD, token rates per million tokens. */
    public static final class Builder {
        private BigDecimal input = BigDecimal.ZERO;
        private BigDecimal cachedInput;
        private BigDecimal output = BigDecimal.ZERO;
        private BigDecimal cacheWrite;
        private BigDecimal cacheRead;
        private BigDecimal perRequest = BigDecimal.ZERO;
        private BigDecimal gpuHour = BigDecimal.ZERO;

        private Builder() {}

        /** USD per million uncached input tokens. */
        public Builder input(BigDecimal usdPerMillion) {
            this.input = usdPerMillion;
            return this;
        }

        /** USD per million cached input tokens; defaults to the input rate. */
        public Builder cachedInput(BigDecimal usdPerMillion) {
            this.cachedInput = usdPerMillion;
            return this;
        }

        /** USD per million output tokens. */
        public Builder output(BigDecimal usdPerMillion) {
            this.output = usdPerMillion;
            return this;
        }

        /** USD per million prompt-cache write tokens; defaults to the input rate. */
        public Builder cacheWrite(BigDecimal usdPerMillion) {
            this.cacheWrite = usdPerMillion;
            return this;
        }

        /** USD per million prompt-cache read tokens; defaults to the cached-input rate. */
        public Builder cacheRead(BigDecimal usdPerMillion) {
            this.cacheRead = usdPerMillion;
            return this;
        }

        /** A flat USD fee per request. */
        public Builder perRequest(BigDecimal usd) {
            this.perRequest = usd;
            return this;
        }

        /** USD per GPU-hour, for a self-hosted model billed by the time its calls take. */
        public Builder gpuHour(BigDecimal usd) {
            this.gpuHour = usd;
            return this;
        }

        /** The price; rejects negative figures. */
        public ModelPrice build() {
            BigDecimal cached = cachedInput == null ? input : cachedInput;
            return new ModelPrice(
                    input,
                    cached,
                    output,
                    cacheWrite == null ? input : cacheWrite,
                    cacheRead == null ? cached : cacheRead,
                    perRequest,
                    gpuHour);
        }
    }
}
