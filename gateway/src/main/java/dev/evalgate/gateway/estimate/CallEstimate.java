package dev.evalgate.gateway.estimate;

import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.cost.CostCalculator;
import dev.evalgate.pricing.usage.Usage;

/**
 * What one call still to make is expected to cost, and the most it can cost.
 *
 * @param promptTokens the request's prompt tokens, counted by jtokkit
 * @param expectedOutputTokens the output tokens expected
 * @param expectedMicros prompt tokens at the input rate plus the expected output at the output rate
 *     (plus any per-request fee), rounded half-up like a real call's cost
 * @param worstCaseMicros what a budget reserves for the call ({@link CostCalculator#worstCaseOf})
 */
public record CallEstimate(
        long promptTokens, long expectedOutputTokens, long expectedMicros, long worstCaseMicros) {

    /** Saturation value when a figure does not fit a {@code long} (as a budget's worst case). */
    static final long OVERFLOW = Long.MAX_VALUE / 4;

    /**
     * The estimate of a call.
     *
     * @param expectedOutputTokens from {@link #expectedOutputTokens}
     * @param worstCaseOutputTokens the output a budget counts ({@code max_tokens}, else {@code
     *     budgets.assumed_max_tokens})
     */
    public static CallEstimate of(
            ModelPrice price,
            long promptTokens,
            long expectedOutputTokens,
            long worstCaseOutputTokens) {
        long expected;
        long worstCase;
        try {
            expected =
                    CostCalculator.costOf(
                            price, new Usage(promptTokens, 0, expectedOutputTokens, 0, 0, true));
        } catch (ArithmeticException e) {
            expected = OVERFLOW;
        }
        try {
            worstCase = CostCalculator.worstCaseOf(price, promptTokens, worstCaseOutputTokens);
        } catch (ArithmeticException e) {
            worstCase = OVERFLOW;
        }
        return new CallEstimate(promptTokens, expectedOutputTokens, expected, worstCase);
    }

    /**
     * The output tokens a call is expected to produce: {@code outputTokens}, at most its {@code
     * max_tokens}; none for an endpoint that produces no output (embeddings).
     *
     * @param maxTokens the request's {@code max_tokens}, or -1 when it sets none
     * @param outputTokens the expected output per call when nothing bounds it lower
     */
    public static long expectedOutputTokens(
            long maxTokens, long outputTokens, boolean producesOutput) {
        if (!producesOutput) {
            return 0;
        }
        return maxTokens >= 0 ? Math.min(maxTokens, outputTokens) : outputTokens;
    }
}
