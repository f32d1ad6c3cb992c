package dev.evalgate.gateway.meter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.config.ConfigLoader;
import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.metrics.GatewayMetrics;
import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.usage.Usage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a provider's model finds its price, and what an answer costs at it. */
class MeteringTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);

    /**
     * {@code house} prices gpt-4o itself (pricing.models) and everything else as openai; {@code
     * fast} prices as groq; {@code claude} and {@code openai} price as their kind.
     */
    static final String YAML =
            """
            providers:
              openai: {kind: openai, base_url: "https://api.openai.com/v1", models: [gpt-*]}
              claude: {kind: anthropic, base_url: "https://api.anthropic.com/v1", models: [claude-*]}
              house: {kind: openai, base_url: "http://house/v1", models: [gpt-*], price_as: openai}
              fast: {kind: openai, base_url: "http://fast/v1", models: ["*"], price_as: groq}
            pricing:
              models:
                house:
                  gpt-4o: {input: 1.00, output: 2.00}
            """;

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final GatewayConfig config = config(YAML);
    private final Metering metering = Metering.create(config, null, metrics, CLOCK);

    @AfterEach
    void close() {
        metrics.close();
    }

    static GatewayConfig config(String yaml) {
        try {
            return ConfigLoader.parse(yaml, "test.yaml", Map.of());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ProviderConfig provider(String name) {
        return config.providers().get(name);
    }

    @Test
    void providersOwnPricesWinOverItsPriceAs() {
        Rates rates = metering.ratesOf(provider("house"), "gpt-4o");

        assertThat(rates.catalogProvider()).isEqualTo("house");
        assertThat(rates.catalogModel()).isEqualTo("gpt-4o");
        assertThat(rates.price())
                .isEqualTo(
                        ModelPrice.builder()
                                .input(new BigDecimal("1.00"))
                                .output(new BigDecimal("2.00"))
                                .build());
        assertThat(rates.unknown()).isFalse();
    }

    @Test
    void modelsTheProviderDoesNotPriceFallBackToItsPriceAs() {
        Rates rates = metering.ratesOf(provider("house"), "gpt-4o-mini");

        assertThat(rates.label()).isEqualTo("openai/gpt-4o-mini");
        assertThat(rates.price().input()).isEqualByComparingTo("0.15");
    }

    @Test
    void priceAsReplacesTheKindRatherThanAddingToIt() {
        assertThat(metering.ratesOf(provider("fast"), "llama-3.1-8b-instant").label())
                .isEqualTo("groq/llama-3.1-8b-instant");
        // fast speaks openai, but is priced as groq only: an openai model there is unknown.
        Rates gpt = metering.ratesOf(provider("fast"), "gpt-4o");
        assertThat(gpt.unknown()).isTrue();
        assertThat(gpt.catalogProvider()).isEqualTo("groq");
    }

    @Test
    void priceAsDefaultsToTheProviderKind() {
        assertThat(Metering.priceAs(provider("claude"))).isEqualTo("anthropic");
        assertThat(Metering.priceAs(provider("openai"))).isEqualTo("openai");
        assertThat(metering.ratesOf(provider("claude"), "claude-sonnet-4-5").label())
                .isEqualTo("anthropic/claude-sonnet-4-5");
    }

    @Test
    void datedModelIdsResolveToTheirBaseEntry() {
        Rates rates = metering.ratesOf(provider("openai"), "gpt-4o-2024-08-06");

        assertThat(rates.label()).isEqualTo("openai/gpt-4o");
        assertThat(rates.unknown()).isFalse();
    }

    @Test
    void unknownModelIsFlaggedAndPricedAtZero() {
        Rates rates = metering.ratesOf(provider("openai"), "gpt-9-turbo");

        assertThat(rates.unknown()).isTrue();
        assertThat(rates.price()).isEqualTo(ModelPrice.ZERO);
        assertThat(rates.label()).isEqualTo("openai/gpt-9-turbo");
        Priced p =
                metering.price(
                        rates,
                        ProviderKind.OPENAI,
                        "gpt-9-turbo",
                        bytes(openAiAnswer(2006, 1920, 300)),
                        null,
                        Duration.ZERO);
        assertThat(p.micros()).isZero();
        assertThat(p.usage().totalTokens()).isEqualTo(2306);
    }

    @Test
    void pricesOpenAiUsageWithCachedTokensAtTheCachedRate() {
        Rates gpt4o = metering.ratesOf(provider("openai"), "gpt-4o");

        Priced p =
                metering.price(
                        gpt4o,
                        ProviderKind.OPENAI,
                        "gpt-4o",
                        bytes(openAiAnswer(2006, 1920, 300)),
                        null,
                        Duration.ZERO);

        // 86 uncached × $2.50/M = 215 µ$; 1920 cached × $1.25/M = 2400 µ$; 300 out × $10/M =
        // 3000 µ$.
        assertThat(p.micros()).isEqualTo(215 + 2400 + 3000).isEqualTo(5615);
        assertThat(p.usage()).isEqualTo(Usage.openAi(2006, 1920, 300));
        assertThat(p.usage().estimated()).isFalse();
    }

    @Test
    void pricesAnthropicUsageWithCacheWritesAndReads() {
        Rates sonnet = metering.ratesOf(provider("claude"), "claude-sonnet-4-5-20250929");
        String answer =
                """
                {"type":"message","content":[{"type":"text","text":"hi"}],
                 "usage":{"input_tokens":100,"output_tokens":200,
                          "cache_creation_input_tokens":1000,"cache_read_input_tokens":2000}}
                """;

        Priced p =
                metering.price(
                        sonnet,
                        ProviderKind.ANTHROPIC,
                        "claude-sonnet-4-5-20250929",
                        bytes(answer),
                        null,
                        Duration.ZERO);

        // 100 in × $3/M = 300; 200 out × $15/M = 3000; 1000 written × $3.75/M = 3750;
        // 2000 read × $0.30/M = 600.
        assertThat(p.micros()).isEqualTo(300 + 3000 + 3750 + 600).isEqualTo(7650);
        assertThat(p.usage()).isEqualTo(Usage.anthropic(100, 200, 1000, 2000));
    }

    @Test
    void answerWithoutUsageIsEstimatedFromRequestAndAnswer() {
        Rates gpt4o = metering.ratesOf(provider("openai"), "gpt-4o");
        AtomicInteger asked = new AtomicInteger();

        Priced p =
                metering.price(
                        gpt4o,
                        ProviderKind.OPENAI,
                        "gpt-4o",
                        bytes(NO_USAGE_ANSWER),
                        counting(asked),
                        Duration.ZERO);

        assertThat(p.usage().estimated()).isTrue();
        assertThat(p.usage().input()).isPositive();
        assertThat(p.usage().output()).isPositive();
        assertThat(p.micros()).isPositive();
        assertThat(asked).hasValue(1);
    }

    @Test
    void answerWithUsageNeverReadsTheRequest() {
        Rates gpt4o = metering.ratesOf(provider("openai"), "gpt-4o");
        AtomicInteger asked = new AtomicInteger();

        metering.price(
                gpt4o,
                ProviderKind.OPENAI,
                "gpt-4o",
                bytes(openAiAnswer(10, 0, 5)),
                counting(asked),
                Duration.ZERO);

        assertThat(asked).hasValue(0);
    }

    @Test
    void storedAnswerIsReadOncePerBody() {
        Rates gpt4o = metering.ratesOf(provider("openai"), "gpt-4o");
        AtomicInteger asked = new AtomicInteger();
        byte[] stored = bytes(NO_USAGE_ANSWER);

        Priced first =
                metering.priceStored(gpt4o, ProviderKind.OPENAI, "gpt-4o", stored, counting(asked));
        Priced second =
                metering.priceStored(gpt4o, ProviderKind.OPENAI, "gpt-4o", stored, counting(asked));

        assertThat(second).isEqualTo(first);
        assertThat(second.usage()).isSameAs(first.usage());
        // Estimating needs the request: asked for the first hit only.
        assertThat(asked).hasValue(1);
    }

    @Test
    void anotherStoredBodyIsPricedByItsOwnUsage() {
        Rates gpt4o = metering.ratesOf(provider("openai"), "gpt-4o");

        Priced a =
                metering.priceStored(
                        gpt4o,
                        ProviderKind.OPENAI,
                        "gpt-4o",
                        bytes(openAiAnswer(2006, 1920, 300)),
                        null);
        Priced b =
                metering.priceStored(
                        gpt4o,
                        ProviderKind.OPENAI,
                        "gpt-4o",
                        bytes(openAiAnswer(1000, 0, 100)),
                        null);

        assertThat(a.micros()).isEqualTo(5615);
        // 1000 × $2.50/M + 100 × $10/M
        assertThat(b.micros()).isEqualTo(2500 + 1000);
    }

    @Test
    void descriptionNamesTheCatalogVersion() {
        assertThat(metering.catalogVersion()).isEqualTo("2026-11-01+overrides");
        assertThat(metering.description())
                .startsWith("prices 2026-11-01+overrides, ")
                .contains("in memory")
                .contains("ratio window 30 days");
    }

    static final String NO_USAGE_ANSWER =
            """
            {"id":"x","object":"chat.completion","choices":[{"index":0,
             "message":{"role":"assistant","content":"The capital of France is Paris."}}]}
            """;

    static final String REQUEST =
            """
            {"model":"gpt-4o","messages":[{"role":"user","content":"What is the capital of France?"}]}
            """;

    static String openAiAnswer(long prompt, long cached, long completion) {
        return """
                {"id":"x","object":"chat.completion","choices":[{"index":0,
                 "message":{"role":"assistant","content":"ok"}}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,
                          "prompt_tokens_details":{"cached_tokens":%d}}}
                """
                .formatted(prompt, completion, cached);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Supplier<byte[]> counting(AtomicInteger asked) {
        return () -> {
            asked.incrementAndGet();
            return bytes(REQUEST);
        };
    }
}
