package dev.evalgate.pricing.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceCatalogTest {

    private static final PriceCatalog CATALOG = PriceCatalog.loadDefault();

    @Test
    void defaultCatalogIsDatedAndCoversTheCommonProviders() {
        assertThat(CATALOG.version()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(CATALOG.providers())
                .contains("openai", "anthropic", "groq", "together", "fireworks");
        assertThat(CATALOG.sources()).containsKeys("openai", "anthropic");
        assertThat(CATALOG.models("openai"))
                .containsKeys(
                        "gpt-4o",
                        "gpt-4o-mini",
                        "gpt-4.1",
                        "gpt-4.1-mini",
                        "gpt-4.1-nano",
                        "o1",
                        "o3",
                        "o4-mini",
                        "text-embedding-3-small");
        assertThat(CATALOG.models("anthropic"))
                .containsKeys(
                        "claude-3-5-haiku",
                        "claude-3-5-sonnet",
                        "claude-3-7-sonnet",
                        "claude-sonnet-4",
                        "claude-opus-4",
                        "claude-haiku-4-5");
    }

    @Test
    void ratesAreReadExactlyWithoutPassingThroughDouble() {
        ModelPrice mini = CATALOG.resolve("openai", "gpt-4o-mini").orElseThrow().price();
        assertThat(mini.cachedInput()).isEqualByComparingTo("0.075");
        assertThat(mini.cachedInput().toPlainString()).isEqualTo("0.075");
    }

    @Test
    void unsetCacheRatesDefaultToTheInputAndCachedRates() {
        ModelPrice turbo = CATALOG.resolve("openai", "gpt-4-turbo").orElseThrow().price();
        assertThat(turbo.cachedInput()).isEqualByComparingTo(turbo.input());
        ModelPrice sonnet = CATALOG.resolve("anthropic", "claude-3-5-sonnet").orElseThrow().price();
        assertThat(sonnet.cacheRead()).isEqualByComparingTo("0.30");
        assertThat(sonnet.cacheWrite()).isEqualByComparingTo("3.75");
    }

    @ParameterizedTest
    @CsvSource({
        "openai, gpt-4o, gpt-4o, true",
        "openai, GPT-4o, gpt-4o, true",
        "openai, gpt-4o-2024-08-06, gpt-4o, false",
        "openai, gpt-4o-2024-11-20, gpt-4o, false",
        "openai, gpt-4o-2024-05-13, gpt-4o-2024-05-13, true",
        "openai, gpt-4o-mini-2024-07-18, gpt-4o-mini, false",
        "openai, gpt-4.1-mini-2025-04-14, gpt-4.1-mini, false",
        "openai, o3-mini-2025-01-31, o3-mini, false",
        "openai, gpt-4-0613, gpt-4, false",
        "openai, gpt-3.5-turbo-0125, gpt-3.5-turbo, false",
        "anthropic, claude-3-5-sonnet-20241022, claude-3-5-sonnet, false",
        "anthropic, claude-3-5-sonnet-latest, claude-3-5-sonnet, false",
        "anthropic, claude-3-7-sonnet-20250219, claude-3-7-sonnet, false",
        "anthropic, claude-sonnet-4-20250514, claude-sonnet-4, false",
        "anthropic, claude-opus-4-1-20250805, claude-opus-4-1, false",
        "anthropic, claude-opus-4-5-20251101, claude-opus-4-5, false",
        "ANTHROPIC, claude-3-5-haiku-latest, claude-3-5-haiku, false",
        "groq, llama3-8b-8192, llama-3.1-8b-instant, true",
        "together, meta-llama/meta-llama-3.1-8b-instruct-turbo,"
                + " meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo, true",
    })
    void resolvesIdsByTheDocumentedRules(
            String provider, String model, String matched, boolean exact) {
        PriceMatch match = CATALOG.resolve(provider, model).orElseThrow();
        assertThat(match.matchedId()).isEqualTo(matched);
        assertThat(match.exact()).isEqualTo(exact);
    }

    @ParameterizedTest
    @CsvSource({
        "openai, gpt-4o-audio-preview",
        "openai, gpt-4o-mini-tts",
        "openai, ft:gpt-4o-mini-2024-07-18:acme::abc123",
        "openai, gpt-4o-",
        "openai, -latest",
        "openai, claude-3-5-sonnet",
        "anthropic, claude-opus-4-7",
        "nobody, gpt-4o",
    })
    void leavesIdsTheRulesDoNotPlaceUnknown(String provider, String model) {
        assertThat(CATALOG.resolve(provider, model)).isEmpty();
    }

    @Test
    void neverResolvesAMiniVariantToItsLargerSibling() {
        PriceCatalog onlyBig =
                CATALOG.withOverrides(Map.of("lab", Map.of("gpt-4o", price("2.50", "10"))));
        assertThat(onlyBig.resolve("lab", "gpt-4o-mini-2024-07-18")).isEmpty();
        assertThat(onlyBig.resolve("lab", "gpt-4o-2024-08-06")).isPresent();
    }

    @Test
    void overridesReplaceAnEntryWithItsAliasesAndAddNewModels() {
        PriceCatalog changed =
                CATALOG.withOverrides(
                        Map.of(
                                "groq", Map.of("llama-3.1-8b-instant", price("1", "2")),
                                "vllm",
                                        Map.of(
                                                "llama-3.1-8b",
                                                ModelPrice.builder()
                                                        .gpuHour(new BigDecimal("2.40"))
                                                        .build())));
        assertThat(changed.version()).isEqualTo(CATALOG.version() + "+overrides");
        assertThat(changed.resolve("groq", "llama3-8b-8192").orElseThrow().price().input())
                .isEqualByComparingTo("1");
        assertThat(changed.resolve("vllm", "llama-3.1-8b").orElseThrow().price().gpuHour())
                .isEqualByComparingTo("2.40");
        assertThat(CATALOG.resolve("vllm", "llama-3.1-8b")).isEmpty();
        assertThat(CATALOG.withOverrides(Map.of())).isSameAs(CATALOG);
    }

    @Test
    void rejectsAnInvalidFileListingEveryProblem() {
        String yaml =
                "version: last week\n"
                        + "providers:\n"
                        + "  acme:\n"
                        + "    a: {input: 1}\n"
                        + "    b: {input: -1, output: 1}\n"
                        + "    c: {input: 1, output: 1, aliases: [a]}\n";
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(3 problems)")
                .hasMessageContaining("version: last week (expected: a date, yyyy-mm-dd)")
                .hasMessageContaining("providers.acme.a: incomplete")
                .hasMessageContaining("providers.acme.b.input: -1 (expected: >= 0)")
                .isInstanceOfSatisfying(
                        InvalidCatalogException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                "version: last week (expected: a date,"
                                                        + " yyyy-mm-dd)",
                                                "providers.acme.a: incomplete (expected: input and"
                                                        + " output rates)",
                                                "providers.acme.b.input: -1 (expected: >= 0)"));
    }

    @Test
    void rejectsFiguresFinerThanAMillionthOrAboveTheCeiling() {
        assertThatThrownBy(
                        () ->
                                load(
                                        "version: 2026-01-01\nproviders:\n"
                                                + "  acme:\n"
                                                + "    a: {input: 0.0000001, output: 1}\n"
                                                + "    b: {input: 1, output: 2000000}\n"))
                .isInstanceOfSatisfying(
                        InvalidCatalogException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                "providers.acme.a.input: 0.0000001 (expected: at"
                                                        + " most 6 decimals)",
                                                "providers.acme.b.output: 2000000 (expected: at"
                                                        + " most 1000000)"));
    }

    @Test
    void reportsASyntaxProblemWithItsPosition() {
        assertThatThrownBy(() -> load("version: 2026-01-01\nproviders: {acme: {a: [}\n"))
                .isInstanceOfSatisfying(
                        InvalidCatalogException.class,
                        e ->
                                assertThat(e.problems())
                                        .singleElement()
                                        .asString()
                                        .startsWith("line 2"));
    }

    @Test
    void rejectsUnknownKeys() {
        assertThatThrownBy(
                        () ->
                                load(
                                        "version: 2026-01-01\nproviders:\n"
                                                + "  acme: {a: {input: 1, output: 1, outptu: 2}}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outptu");
    }

    @Test
    void readsJsonToo() {
        PriceCatalog json =
                load(
                        "{\"version\":\"2026-02-03\",\"providers\":{\"acme\":{\"m\":"
                                + "{\"input\":0.1,\"output\":0.2,\"per_request\":0.001}}}}");
        assertThat(json.resolve("acme", "m-latest").orElseThrow().price().perRequest())
                .isEqualByComparingTo("0.001");
    }

    private static PriceCatalog load(String text) {
        return PriceCatalog.load(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static ModelPrice price(String input, String output) {
        return ModelPrice.builder()
                .input(new BigDecimal(input))
                .output(new BigDecimal(output))
                .build();
    }
}
