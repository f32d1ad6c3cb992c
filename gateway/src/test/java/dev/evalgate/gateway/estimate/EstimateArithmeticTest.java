package dev.evalgate.gateway.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.catalog.PriceCatalog;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Figures worked by hand: a token count times a rate per million tokens is micro-dollars. */
class EstimateArithmeticTest {

    private static final PriceCatalog CATALOG = PriceCatalog.loadDefault();

    /** gpt-4o-mini: $0.15 input, $0.075 cached input, $0.60 output per million tokens. */
    private static final ModelPrice MINI =
            CATALOG.resolve("openai", "gpt-4o-mini").orElseThrow().price();

    @Test
    void expectedOutputIsTheDefaultCappedByMaxTokens() {
        assertThat(CallEstimate.expectedOutputTokens(-1, 256, true)).isEqualTo(256);
        assertThat(CallEstimate.expectedOutputTokens(100, 256, true)).isEqualTo(100);
        assertThat(CallEstimate.expectedOutputTokens(1000, 256, true)).isEqualTo(256);
        assertThat(CallEstimate.expectedOutputTokens(0, 256, true)).isZero();
        assertThat(CallEstimate.expectedOutputTokens(1000, 256, false)).isZero();
    }

    @Test
    void gpt4oMiniWithoutMaxTokens() {
        // 1000 × 0.15 + 256 × 0.60 = 150 + 153.6 = 303.6 → 304 µ$;
        // worst case 1000 × 0.15 + 4096 × 0.60 = 150 + 2457.6 = 2607.6 → 2608 µ$ (rounded up).
        CallEstimate e = CallEstimate.of(MINI, 1000, 256, 4096);

        assertThat(e.expectedMicros()).isEqualTo(304);
        assertThat(e.worstCaseMicros()).isEqualTo(2608);
        assertThat(e.promptTokens()).isEqualTo(1000);
        assertThat(e.expectedOutputTokens()).isEqualTo(256);
    }

    @Test
    void gpt4oMiniWithASmallMaxTokens() {
        // max_tokens 100: 1000 × 0.15 + 100 × 0.60 = 210 µ$ expected and worst case alike.
        CallEstimate e =
                CallEstimate.of(MINI, 1000, CallEstimate.expectedOutputTokens(100, 256, true), 100);

        assertThat(e.expectedMicros()).isEqualTo(210);
        assertThat(e.worstCaseMicros()).isEqualTo(210);
    }

    @Test
    void expectedRoundsHalfUpAndWorstCaseRoundsUp() {
        // 3 × 0.15 + 1 × 0.60 = 1.05 → 1 µ$ expected; worst case 1.05 → 2 µ$.
        CallEstimate e = CallEstimate.of(MINI, 3, 1, 1);

        assertThat(e.expectedMicros()).isEqualTo(1);
        assertThat(e.worstCaseMicros()).isEqualTo(2);
    }

    @Test
    void worstCaseCountsThePromptAtTheHighestPromptRate() {
        // claude-3-haiku: input 0.25, cache_write 0.30, output 1.25.
        ModelPrice haiku = CATALOG.resolve("anthropic", "claude-3-haiku").orElseThrow().price();
        CallEstimate e = CallEstimate.of(haiku, 2000, 64, 64);

        // 2000 × 0.25 + 64 × 1.25 = 500 + 80 = 580; worst 2000 × 0.30 + 80 = 680.
        assertThat(e.expectedMicros()).isEqualTo(580);
        assertThat(e.worstCaseMicros()).isEqualTo(680);
    }

    @Test
    void embeddingsCostTheirInputOnly() {
        // text-embedding-3-small: 0.02 input, 0 output; 12345 × 0.02 = 246.9 → 247 µ$.
        ModelPrice small =
                CATALOG.resolve("openai", "text-embedding-3-small").orElseThrow().price();
        CallEstimate e =
                CallEstimate.of(
                        small, 12345, CallEstimate.expectedOutputTokens(-1, 256, false), 4096);

        assertThat(e.expectedMicros()).isEqualTo(247);
        assertThat(e.worstCaseMicros()).isEqualTo(247);
    }

    @Test
    void aPerRequestFeeIsPartOfBoth() {
        ModelPrice fee =
                ModelPrice.builder()
                        .input(new BigDecimal("1"))
                        .output(new BigDecimal("2"))
                        .perRequest(new BigDecimal("0.001"))
                        .build();
        // 10 × 1 + 5 × 2 + 1000 = 1020 µ$; worst 10 × 1 + 50 × 2 + 1000 = 1110 µ$.
        CallEstimate e = CallEstimate.of(fee, 10, 5, 50);

        assertThat(e.expectedMicros()).isEqualTo(1020);
        assertThat(e.worstCaseMicros()).isEqualTo(1110);
    }

    @Test
    void anUnknownModelCostsNothing() {
        CallEstimate e = CallEstimate.of(ModelPrice.ZERO, 1000, 256, 4096);

        assertThat(e.expectedMicros()).isZero();
        assertThat(e.worstCaseMicros()).isZero();
    }

    @Test
    void figuresTooLargeForALongSaturate() {
        ModelPrice dear =
                ModelPrice.builder()
                        .input(new BigDecimal("1000000"))
                        .output(new BigDecimal("1000000"))
                        .build();
        CallEstimate e = CallEstimate.of(dear, Long.MAX_VALUE / 2, 0, 0);

        assertThat(e.expectedMicros()).isEqualTo(Long.MAX_VALUE / 4);
        assertThat(e.worstCaseMicros()).isEqualTo(Long.MAX_VALUE / 4);
    }
}
