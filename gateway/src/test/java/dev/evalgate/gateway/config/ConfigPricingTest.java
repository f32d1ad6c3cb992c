package dev.evalgate.gateway.config;

import static dev.evalgate.gateway.config.ConfigLoaderTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.catalog.PriceCatalog;
import dev.evalgate.pricing.ratio.RatioBands;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code pricing:} section and {@code providers.<name>.price_as}: defaults, every field, exact
 * decimals, and the exact problem each bad value reports.
 */
class ConfigPricingTest {

    private static final String SIMULATOR =
            """
            providers:
              simulator: {kind: openai, base_url: "http://sim/v1", models: [sim-*, gpt-*]}
            """;

    @Test
    void usesDefaultsWhenSectionIsAbsent() throws Exception {
        GatewayConfig config = ConfigLoaderTest.parse(minimal(""));

        assertThat(config.pricing()).isEqualTo(PricingConfig.defaults());
        assertThat(config.pricing().catalog()).isNull();
        assertThat(config.pricing().models()).isEmpty();
        assertThat(config.pricing().runRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.pricing().ratioWindowDays()).isEqualTo(30);
        assertThat(config.pricing().ratioBands()).isEqualTo(RatioBands.DEFAULTS);
        assertThat(config.providers().get("openai").priceAs()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pricing:\n", "pricing: {}\n", "pricing:\n  models:\n  ratio:\n"})
    void usesDefaultsWhenSectionOrSubsectionIsEmpty(String section) throws Exception {
        assertThat(ConfigLoaderTest.parse(minimal("") + section).pricing())
                .isEqualTo(PricingConfig.defaults());
    }

    @Test
    void parsesEveryField(@TempDir Path dir) throws Exception {
        Path catalog = dir.resolve("prices.yaml");
        Files.writeString(
                catalog,
                "version: 2026-12-01\nproviders:\n  openai:\n    gpt-4o: {input: 2, output: 8}\n");
        GatewayConfig config =
                parse(
                        """
                        providers:
                          simulator:
                            kind: openai
                            base_url: "http://sim/v1"
                            models: [sim-*]
                            price_as: openai
                        pricing:
                          catalog: %s
                          models:
                            simulator:
                              sim-frontier:   {input: 2.50, output: 10.00}
                              sim-llama-3-8b: {input: 0.05, output: 0.08, cached_input: 0.01, \
                        cache_write: 0.1, cache_read: 0.01, per_request: 0, gpu_hour: 1.20}
                          run_retention: 30d
                          ratio:
                            window_days: 30
                            elevated: 2.5
                            warning: 15
                            critical: 30
                        """
                                .formatted(catalog));

        PricingConfig pricing = config.pricing();
        assertThat(pricing.catalog()).isEqualTo(catalog);
        assertThat(pricing.models()).containsOnlyKeys("simulator");
        assertThat(pricing.models().get("simulator"))
                .containsExactly(
                        Map.entry(
                                "sim-frontier",
                                ModelPrice.builder()
                                        .input(new BigDecimal("2.50"))
                                        .output(new BigDecimal("10.00"))
                                        .build()),
                        Map.entry(
                                "sim-llama-3-8b",
                                new ModelPrice(
                                        new BigDecimal("0.05"),
                                        new BigDecimal("0.01"),
                                        new BigDecimal("0.08"),
                                        new BigDecimal("0.1"),
                                        new BigDecimal("0.01"),
                                        BigDecimal.ZERO,
                                        new BigDecimal("1.20"))));
        assertThat(pricing.runRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(pricing.ratioWindowDays()).isEqualTo(30);
        assertThat(pricing.ratioBands())
                .isEqualTo(
                        new RatioBands(
                                new BigDecimal("0.025"),
                                new BigDecimal("0.15"),
                                new BigDecimal("0.30")));
        assertThat(config.providers().get("simulator").priceAs()).isEqualTo("openai");
    }

    @Test
    void readsDecimalsExactlyNeverThroughADouble() throws Exception {
        PricingConfig pricing =
                pricing(
                        """
                        pricing:
                          models:
                            simulator:
                              m: {input: 0.1, output: 0.2, per_request: 0.000001, gpu_hour: "0.3"}
                          ratio: {elevated: 0.1, warning: 0.2, critical: 33.333333333333}
                        """);

        ModelPrice m = pricing.models().get("simulator").get("m");
        assertThat(m.input()).isEqualTo(new BigDecimal("0.1"));
        assertThat(m.output()).isEqualTo(new BigDecimal("0.2"));
        assertThat(m.input().add(m.output())).isEqualTo(new BigDecimal("0.3"));
        assertThat(m.perRequest()).isEqualTo(new BigDecimal("0.000001"));
        assertThat(m.gpuHour()).isEqualTo(new BigDecimal("0.3"));
        assertThat(pricing.ratioBands().elevatedFrom()).isEqualTo(new BigDecimal("0.001"));
        assertThat(pricing.ratioBands().warningFrom()).isEqualTo(new BigDecimal("0.002"));
        assertThat(pricing.ratioBands().criticalFrom())
                .isEqualTo(new BigDecimal("0.33333333333333"));
    }

    @Test
    void unsetCacheRatesFollowTheBuilderDefaults() throws Exception {
        ModelPrice m =
                pricing(
                                "pricing: {models: {simulator: {m: {input: 3, output: 15, cached_input: 0.3}}}}")
                        .models()
                        .get("simulator")
                        .get("m");

        assertThat(m.cachedInput()).isEqualTo(new BigDecimal("0.3"));
        assertThat(m.cacheWrite()).isEqualTo(new BigDecimal("3"));
        assertThat(m.cacheRead()).isEqualTo(new BigDecimal("0.3"));
        assertThat(m.perRequest()).isZero();
        assertThat(m.gpuHour()).isZero();
    }

    @Test
    void reportsEveryBadRate() {
        assertThat(
                        problems(
                                """
                                pricing:
                                  models:
                                    simulator:
                                      a: {input: -1, output: 2000000}
                                      b: {input: 0.0000001, output: 1, outptu: 2}
                                      c: {input: "cheap", output: true}
                                      d: {cached_input: 1}
                                      e: 5
                                """))
                .containsExactly(
                        "pricing.models.simulator.a.input: -1 (expected: >= 0)",
                        "pricing.models.simulator.a.output: 2000000 (expected: at most 1000000)",
                        "pricing.models.simulator.b.outptu: unknown key (expected: one of input,"
                                + " cached_input, output, cache_write, cache_read, per_request,"
                                + " gpu_hour)",
                        "pricing.models.simulator.b.input: 0.0000001 (expected: at most 6"
                                + " decimals)",
                        "pricing.models.simulator.c.input: \"cheap\" (expected: a number of US"
                                + " dollars, such as 2.50)",
                        "pricing.models.simulator.c.output: true (expected: a number of US"
                                + " dollars, such as 2.50)",
                        "pricing.models.simulator.d.input: missing (expected: a rate in US"
                                + " dollars per million tokens)",
                        "pricing.models.simulator.d.output: missing (expected: a rate in US"
                                + " dollars per million tokens)",
                        "pricing.models.simulator.e: 5 (expected: a mapping of input,"
                                + " cached_input, output, cache_write, cache_read, per_request,"
                                + " gpu_hour)",
                        "pricing.models.simulator.e.input: missing (expected: a rate in US"
                                + " dollars per million tokens)",
                        "pricing.models.simulator.e.output: missing (expected: a rate in US"
                                + " dollars per million tokens)");
    }

    @Test
    void reportsBadProviderAndModelNames() {
        assertThat(
                        problems(
                                """
                                pricing:
                                  models:
                                    "bad name": {}
                                    Simulator: {}
                                    simulator:
                                      M: {input: 1, output: 1}
                                      m: {input: 1, output: 1}
                                      "": {input: 1, output: 1}
                                    other: [a]
                                """))
                .containsExactly(
                        "pricing.models: \"bad name\" (expected: a provider name of letters,"
                                + " digits, _ . -)",
                        "pricing.models.simulator: same as pricing.models.Simulator (expected:"
                                + " names that differ in more than case)",
                        "pricing.models.simulator.m: same as pricing.models.simulator.M"
                                + " (expected: names that differ in more than case)",
                        "pricing.models.simulator: \"\" (expected: a non-empty model id)",
                        "pricing.models.other: a list (expected: a mapping of model ids to"
                                + " rates)");
    }

    @Test
    void reportsBadRetentionWindowAndBands() {
        assertThat(
                        problems(
                                """
                                pricing:
                                  run_retention: 30m
                                  ratio: {window_days: 0, elevated: 0, warning: 101, critical: x}
                                  extra: 1
                                """))
                .containsExactly(
                        "pricing.extra: unknown key (expected: one of catalog, models,"
                                + " run_retention, ratio)",
                        "pricing.run_retention: \"30m\" (expected: 1h..3650d)",
                        "pricing.ratio.window_days: 0 (expected: 1..366)",
                        "pricing.ratio.elevated: 0 (expected: a percentage, more than 0 and at"
                                + " most 100)",
                        "pricing.ratio.warning: 101 (expected: a percentage, more than 0 and at"
                                + " most 100)",
                        "pricing.ratio.critical: \"x\" (expected: a percentage, more than 0 and"
                                + " at most 100)");
        assertThat(problems("pricing: {run_retention: 3651d, ratio: {window_days: 367}}\n"))
                .containsExactly(
                        "pricing.run_retention: \"3651d\" (expected: 1h..3650d)",
                        "pricing.ratio.window_days: 367 (expected: 1..366)");
    }

    @Test
    void requiresRisingBands() {
        assertThat(problems("pricing: {ratio: {elevated: 20, warning: 10, critical: 30}}\n"))
                .containsExactly("pricing.ratio.warning: 10 (expected: above elevated, 20)");
        assertThat(problems("pricing: {ratio: {warning: 40}}\n"))
                .containsExactly(
                        "pricing.ratio.warning: 40 (expected: below critical, 30 by default)");
        assertThat(problems("pricing: {ratio: {critical: 10}}\n"))
                .containsExactly(
                        "pricing.ratio.critical: 10 (expected: above warning, 15 by default)");
        assertThat(problems("pricing: {ratio: {elevated: 15}}\n"))
                .containsExactly(
                        "pricing.ratio.elevated: 15 (expected: below warning, 15 by default)");
    }

    @Test
    void acceptsTheHighestCriticalBand() throws Exception {
        assertThat(pricing("pricing: {ratio: {critical: 100}}\n").ratioBands().criticalFrom())
                .isEqualByComparingTo("1");
    }

    @Test
    void reportsACatalogThatIsMissingOrInvalid(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("none.yaml");
        assertThat(problems("pricing: {catalog: \"" + missing + "\"}\n"))
                .containsExactly(
                        "pricing.catalog: \""
                                + missing
                                + "\" (expected: a readable price catalog file; no such file)");

        assertThat(problems("pricing: {catalog: \"" + dir + "\"}\n"))
                .containsExactly(
                        "pricing.catalog: \""
                                + dir
                                + "\" (expected: a readable price catalog file; a directory)");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad, "version: soon\nproviders:\n  acme:\n    a: {input: -1, output: 1}\n");
        assertThat(problems("pricing: {catalog: \"" + bad + "\"}\n"))
                .containsExactly(
                        "pricing.catalog: \""
                                + bad
                                + "\": version: soon (expected: a date, yyyy-mm-dd)",
                        "pricing.catalog: \""
                                + bad
                                + "\": providers.acme.a.input: -1 (expected: >= 0)");

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "version: 2026-01-01\nproviders: {acme: {a: [}\n");
        assertThat(problems("pricing: {catalog: \"" + broken + "\"}\n"))
                .singleElement()
                .asString()
                .startsWith("pricing.catalog: \"" + broken + "\": line 2, column ");
    }

    @Test
    void pricesAsTheKindByDefaultOrAsANamedProvider() throws Exception {
        GatewayConfig config =
                parse(
                        """
                        providers:
                          a: {kind: openai, base_url: "http://a", models: [x], price_as: Groq}
                          b: {kind: openai, base_url: "http://b", models: [y], price_as: mine}
                          c: {kind: anthropic, base_url: "http://c", models: [z]}
                        pricing:
                          models:
                            mine: {y: {input: 1, output: 2}}
                        """);

        assertThat(config.providers().get("a").priceAs()).isEqualTo("Groq");
        assertThat(config.providers().get("b").priceAs()).isEqualTo("mine");
        assertThat(config.providers().get("c").priceAs()).isNull();
    }

    @Test
    void reportsPriceAsNobodyPrices() {
        String known = String.join(", ", PriceCatalog.loadDefault().providers());
        assertThat(
                        problems(
                                """
                                providers:
                                  a: {kind: openai, base_url: "http://a", models: [x], price_as: nobody}
                                  b: {kind: openai, base_url: "http://b", models: [y], price_as: "a b"}
                                  c: {kind: openai, base_url: "http://c", models: [z], price_as: 1}
                                pricing:
                                  models: {mine: {}}
                                """))
                .containsExactly(
                        "providers.b.price_as: \"a b\" (expected: a provider name of letters,"
                                + " digits, _ . -)",
                        "providers.c.price_as: 1 (expected: a non-empty string; quote it)",
                        "providers.a.price_as: \"nobody\" (expected: a provider the price catalog"
                                + " or pricing.models prices: "
                                + known
                                + ", mine)");
    }

    @Test
    void checksPriceAsAgainstTheConfiguredCatalog(@TempDir Path dir) throws Exception {
        Path catalog = dir.resolve("prices.yaml");
        Files.writeString(
                catalog,
                "version: 2026-12-01\nproviders:\n  acme:\n    m: {input: 1, output: 1}\n");
        String yaml =
                """
                providers:
                  a: {kind: openai, base_url: "http://a", models: [x], price_as: %s}
                pricing: {catalog: "%s"}
                """;

        assertThat(parse(yaml.formatted("acme", catalog)).providers().get("a").priceAs())
                .isEqualTo("acme");
        assertThat(problems(yaml.formatted("openai", catalog)))
                .containsExactly(
                        "providers.a.price_as: \"openai\" (expected: a provider the price catalog"
                                + " or pricing.models prices: acme)");
    }

    @Test
    void describesPricingThatParsesBack() throws Exception {
        GatewayConfig config =
                parse(
                        SIMULATOR
                                + """
                                pricing:
                                  models:
                                    simulator:
                                      sim-frontier: {input: 2.50, output: 1e1, gpu_hour: 1.20}
                                  run_retention: 48h
                                  ratio: {window_days: 7, elevated: 2.5}
                                """);

        String described = ConfigLoader.describe(config);

        assertThat(described)
                .contains(
                        """
                        pricing:
                          models:
                            simulator:
                              sim-frontier:
                                input: 2.50
                                cached_input: 2.50
                                output: 10
                                cache_write: 2.50
                                cache_read: 2.50
                                per_request: 0
                                gpu_hour: 1.20
                          run_retention: 2d
                          ratio:
                            window_days: 7
                            elevated: 2.5
                            warning: 15
                            critical: 30
                        """);
        assertThat(ConfigLoader.parse(described, "described", Map.of())).isEqualTo(config);
    }

    private static PricingConfig pricing(String section) throws ConfigException {
        return parse(SIMULATOR + section).pricing();
    }

    private static GatewayConfig parse(String yaml) throws ConfigException {
        return ConfigLoaderTest.parse(yaml);
    }

    private static List<String> problems(String yaml) {
        return ConfigProblemsTest.problems(yaml.contains("providers:") ? yaml : SIMULATOR + yaml);
    }
}
