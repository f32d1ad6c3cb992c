package dev.evalgate.pricing.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.catalog.PriceCatalog;
import dev.evalgate.pricing.usage.Usage;
import dev.evalgate.pricing.usage.UsageExtractor;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CostCalculatorTest {

    private static final PriceCatalog CATALOG = PriceCatalog.loadDefault();

    @Test
    void billsOpenAiCachedTokensAtTheCachedRateOnly() {
        // gpt-4o: 2.50 in, 1.25 cached, 10.00 out per million.
        // prompt_tokens 2006 includes 1920 cached: 86 × 2.50 + 1920 × 1.25 + 300 × 10.00
        // = 215 + 2400 + 3000 = 5615 µ$.
        Usage usage =
                UsageExtractor.fromOpenAi(
                                bytes(
                                        "{\"usage\":{\"prompt_tokens\":2006,\"completion_tokens\":300,"
                                                + "\"prompt_tokens_details\":{\"cached_tokens\":1920}}}"))
                        .orElseThrow();
        assertThat(CostCalculator.costOf(price("openai", "gpt-4o-2024-08-06"), usage))
                .isEqualTo(5615);
    }

    @Test
    void billsAnthropicCacheWritesOnTopOfInputTokens() {
        // claude-3-5-sonnet: 3.00 in, 3.75 write, 0.30 read, 15.00 out.
        // 21 × 3 + 188086 × 3.75 + 393 × 15 = 63 + 705322.5 + 5895 = 711280.5 → 711281 µ$.
        Usage usage =
                UsageExtractor.fromAnthropic(
                                bytes(
                                        "{\"usage\":{\"input_tokens\":21,\"output_tokens\":393,"
                                                + "\"cache_creation_input_tokens\":188086,"
                                                + "\"cache_read_input_tokens\":0}}"))
                        .orElseThrow();
        assertThat(CostCalculator.costOf(price("anthropic", "claude-3-5-sonnet-20241022"), usage))
                .isEqualTo(711_281);
    }

    @Test
    void billsAnthropicCacheReadsAtTheReadRate() {
        // 10 × 3 + 188086 × 0.30 + 100 × 15 = 30 + 56425.8 + 1500 = 57955.8 → 57956 µ$.
        Usage usage = Usage.anthropic(10, 100, 0, 188086);
        assertThat(CostCalculator.costOf(price("anthropic", "claude-3-5-sonnet"), usage))
                .isEqualTo(57_956);
    }

    @Test
    void roundsOnceAtTheEndNotPerTerm() {
        // gpt-4o-mini: 3 × 0.15 + 6 × 0.075 = 0.45 + 0.45 = 0.9 → 1 µ$ (per term it would be 0).
        assertThat(CostCalculator.costOf(price("openai", "gpt-4o-mini"), Usage.openAi(9, 6, 0)))
                .isEqualTo(1);
    }

    @Test
    void billsEmbeddingsByInputAlone() {
        // text-embedding-3-small: 0.02 per million; 8 tokens = 0.16 → 0; 1000 tokens = 20 µ$.
        ModelPrice embedding = price("openai", "text-embedding-3-small");
        assertThat(CostCalculator.costOf(embedding, Usage.openAi(8, 0, 0))).isZero();
        assertThat(CostCalculator.costOf(embedding, Usage.openAi(1000, 0, 0))).isEqualTo(20);
    }

    @Test
    void billsEstimatedUsageLikeReportedUsage() {
        // 1000 × 2.50 + 500 × 10.00 = 7500 µ$.
        assertThat(CostCalculator.costOf(price("openai", "gpt-4o"), Usage.estimated(1000, 500)))
                .isEqualTo(7500);
    }

    @Test
    void addsPerRequestFeesAndGpuTime() {
        ModelPrice fee =
                ModelPrice.builder()
                        .input(usd("1"))
                        .output(usd("1"))
                        .perRequest(usd("0.001"))
                        .build();
        assertThat(CostCalculator.costOf(fee, Usage.estimated(10, 10))).isEqualTo(1000 + 20);

        // 2.40 USD/h × 1.5 s = 0.001 USD = 1000 µ$; 1 ms = 0.6667 µ$ → 1.
        ModelPrice gpu = ModelPrice.builder().gpuHour(usd("2.40")).build();
        assertThat(CostCalculator.costOf(gpu, Usage.NONE, Duration.ofMillis(1500))).isEqualTo(1000);
        assertThat(CostCalculator.costOf(gpu, Usage.NONE, Duration.ofMillis(1))).isEqualTo(1);
        assertThat(CostCalculator.costOf(gpu, Usage.estimated(5, 5))).isZero();
    }

    @Test
    void worstCaseBillsThePromptAtTheHighestPromptRateAndRoundsUp() {
        // claude-3-5-sonnet: cache write 3.75 is the highest prompt rate.
        // 1000 × 3.75 + 256 × 15 = 3750 + 3840 = 7590 µ$.
        assertThat(CostCalculator.worstCaseOf(price("anthropic", "claude-3-5-sonnet"), 1000, 256))
                .isEqualTo(7590);
        // gpt-4o-mini: 3 × 0.15 + 1 × 0.60 = 1.05 → 2 µ$ (never under the real cost).
        assertThat(CostCalculator.worstCaseOf(price("openai", "gpt-4o-mini"), 3, 1)).isEqualTo(2);
        assertThatThrownBy(() -> CostCalculator.worstCaseOf(ModelPrice.ZERO, -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 17, 29})
    void worstCaseIsNeverBelowTheCostOfAnyUsageWithinItsBounds(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            ModelPrice price =
                    ModelPrice.builder()
                            .input(BigDecimal.valueOf(random.nextLong(0, 20_000), 3))
                            .cachedInput(BigDecimal.valueOf(random.nextLong(0, 20_000), 3))
                            .cacheWrite(BigDecimal.valueOf(random.nextLong(0, 30_000), 3))
                            .cacheRead(BigDecimal.valueOf(random.nextLong(0, 5_000), 3))
                            .output(BigDecimal.valueOf(random.nextLong(0, 80_000), 3))
                            .build();
            long prompt = random.nextLong(0, 200_000);
            long maxTokens = random.nextLong(0, 16_000);
            long[] split = new long[4];
            long left = prompt;
            for (int k = 0; k < 3; k++) {
                split[k] = random.nextLong(0, left + 1);
                left -= split[k];
            }
            split[3] = left;
            Usage usage =
                    new Usage(
                            split[0],
                            split[1],
                            random.nextLong(0, maxTokens + 1),
                            split[2],
                            split[3],
                            false);
            assertThat(CostCalculator.worstCaseOf(price, prompt, maxTokens))
                    .isGreaterThanOrEqualTo(CostCalculator.costOf(price, usage));
        }
    }

    @Test
    void unknownModelsCostNothing() {
        assertThat(CostCalculator.costOf(ModelPrice.ZERO, Usage.openAi(1_000_000, 0, 1_000_000)))
                .isZero();
    }

    @Test
    void rejectsNegativeGpuTime() {
        assertThatThrownBy(
                        () ->
                                CostCalculator.costOf(
                                        ModelPrice.ZERO, Usage.NONE, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void microsConvertExactly() {
        assertThat(Micros.format(5615)).isEqualTo("0.005615");
        assertThat(Micros.toUsd(711_281)).isEqualByComparingTo("0.711281");
        assertThat(Micros.fromUsd(usd("12.5"))).isEqualTo(12_500_000);
        assertThat(Micros.fromUsd(usd("0.0000005"))).isEqualTo(1);
    }

    /** Rates with three decimals against an integer oracle in thousandths of a micro-dollar. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89})
    void matchesIntegerArithmeticForRandomUsage(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            long[] milli = new long[5];
            long[] tokens = new long[5];
            for (int k = 0; k < 5; k++) {
                milli[k] = random.nextLong(0, 100_000);
                tokens[k] = random.nextLong(0, 5_000_000);
            }
            ModelPrice price =
                    new ModelPrice(
                            BigDecimal.valueOf(milli[0], 3),
                            BigDecimal.valueOf(milli[1], 3),
                            BigDecimal.valueOf(milli[2], 3),
                            BigDecimal.valueOf(milli[3], 3),
                            BigDecimal.valueOf(milli[4], 3),
                            BigDecimal.ZERO,
                            BigDecimal.ZERO);
            Usage usage = new Usage(tokens[0], tokens[1], tokens[2], tokens[3], tokens[4], false);
            long thousandths = 0;
            for (int k = 0; k < 5; k++) {
                thousandths += milli[k] * tokens[k];
            }
            assertThat(CostCalculator.costOf(price, usage)).isEqualTo((thousandths + 500) / 1000);
        }
    }

    private static ModelPrice price(String provider, String model) {
        return CATALOG.resolve(provider, model).orElseThrow().price();
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
