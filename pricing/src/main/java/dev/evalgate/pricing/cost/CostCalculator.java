package dev.evalgate.pricing.cost;

import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.usage.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Prices a call: usage times rates, in integer micro-dollars.
 *
 * <p>Each share of {@link Usage} is billed once at its own rate: uncached input at the input rate,
 * OpenAI cached tokens at the cached-input rate (and not also at the input rate, though OpenAI's
 * {@code prompt_tokens} counts them; {@link Usage#openAi} has already taken them out), Anthropic
 * cache writes and reads at their rates (Anthropic's {@code input_tokens} never included them),
 * output at the output rate. A token count times a rate per million tokens is already
 * micro-dollars, so the sum is exact in {@link BigDecimal}; it is rounded half-up to a whole
 * micro-dollar once, at the end, never term by term.
 */
public final class CostCalculator {

    private static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);

    private CostCalculator() {}

    /** The cost of a call billed by tokens (plus any per-request fee), in micro-dollars. */
    public static long costOf(ModelPrice price, Usage usage) {
        return costOf(price, usage, Duration.ZERO);
    }

    /**
     * The cost of a call, in micro-dollars, including {@code gpuTime} at the price's GPU-hour rate
     * for a self-hosted model billed by time.
     *
     * @throws ArithmeticException if the cost does not fit a {@code long}
     */
    public static long costOf(ModelPrice price, Usage usage, Duration gpuTime) {
        if (gpuTime.isNegative()) {
            throw new IllegalArgumentException("gpuTime: " + gpuTime + " (expected: >= 0)");
        }
        BigDecimal micros =
                times(usage.input(), price.input())
                        .add(times(usage.cachedInput(), price.cachedInput()))
                        .add(times(usage.output(), price.output()))
                        .add(times(usage.cacheWrite(), price.cacheWrite()))
                        .add(times(usage.cacheRead(), price.cacheRead()))
                        .add(price.perRequest().multiply(MICROS_PER_USD));
        if (price.gpuHour().signum() != 0 && !gpuTime.isZero()) {
            // USD/h × ns × 10^6 µ$/USD ÷ (3.6 × 10^12 ns/h), added before the single rounding.
            BigDecimal gpu =
                    price.gpuHour()
                            .multiply(BigDecimal.valueOf(gpuTime.toNanos()))
                            .multiply(MICROS_PER_USD);
            return micros.multiply(NANOS_PER_HOUR)
                    .add(gpu)
                    .divide(NANOS_PER_HOUR, 0, RoundingMode.HALF_UP)
                    .longValueExact();
        }
        return micros.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * The most a call can cost before it is sent, for a budget reservation: every prompt token at
     * the highest of the input, cached-input and cache-write/read rates, {@code maxOutputTokens} at
     * the output rate, plus the per-request fee, rounded up to a whole micro-dollar. A call billed
     * by GPU time has no token bound; its worst case here covers only its tokens and fee.
     */
    public static long worstCaseOf(ModelPrice price, long promptTokens, long maxOutputTokens) {
        if (promptTokens < 0 || maxOutputTokens < 0) {
            throw new IllegalArgumentException(
                    "tokens: " + promptTokens + ", " + maxOutputTokens + " (expected: >= 0)");
        }
        BigDecimal promptRate =
                price.input()
                        .max(price.cachedInput())
                        .max(price.cacheWrite())
                        .max(price.cacheRead());
        return times(promptTokens, promptRate)
                .add(times(maxOutputTokens, price.output()))
                .add(price.perRequest().multiply(MICROS_PER_USD))
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    private static BigDecimal times(long tokens, BigDecimal usdPerMillion) {
        return tokens == 0 ? BigDecimal.ZERO : usdPerMillion.multiply(BigDecimal.valueOf(tokens));
    }
}
