package dev.evalgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalgate.cache.CacheMode;
import dev.evalgate.pricing.catalog.ModelPrice;
import dev.evalgate.pricing.ratio.RatioBands;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final Map<String, String> SIM_ENV =
            Map.of("EVALGATE_SIMULATOR_URL", "http://127.0.0.1:9999/v1");

    @Test
    void loadsEmbeddedDefault() throws Exception {
        GatewayConfig config = ConfigLoader.embeddedDefault(SIM_ENV);

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().maxBodyBytes()).isEqualTo(ServerConfig.DEFAULT_MAX_BODY_BYTES);
        assertThat(config.server().drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.server().requestReadTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.server().idleTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.providers()).containsOnlyKeys("simulator", "simulator-anthropic");
        ProviderConfig sim = config.providers().get("simulator");
        assertThat(sim.kind()).isEqualTo(ProviderKind.OPENAI);
        assertThat(sim.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9999/v1"));
        assertThat(sim.apiKey()).isNull();
        assertThat(sim.authHeader()).isEqualTo("authorization");
        assertThat(sim.models())
                .containsExactly("sim-*", "gpt-*", "o1*", "o3*", "o4*", "text-embedding-*");
        ProviderConfig anthropic = config.providers().get("simulator-anthropic");
        assertThat(anthropic.kind()).isEqualTo(ProviderKind.ANTHROPIC);
        assertThat(anthropic.authHeader()).isEqualTo("x-api-key");
        assertThat(anthropic.models()).containsExactly("claude-*");
        assertThat(config.aliases())
                .containsExactly(
                        Map.entry("eval/format", new AliasConfig("simulator", "sim-llama-3-8b")),
                        Map.entry("eval/semantic", new AliasConfig("simulator", "sim-frontier")));
        assertThat(config.passthrough()).isTrue();
    }

    @Test
    void embeddedDefaultPricesTheSimulatorsOwnModels() throws Exception {
        GatewayConfig config = ConfigLoader.embeddedDefault(SIM_ENV);

        assertThat(config.pricing().models()).containsOnlyKeys("simulator");
        assertThat(config.pricing().models().get("simulator"))
                .containsExactly(
                        Map.entry(
                                "sim-frontier",
                                ModelPrice.builder()
                                        .input(new BigDecimal("2.50"))
                                        .output(new BigDecimal("10.00"))
                                        .build()),
                        Map.entry(
                                "sim-llama-3-8b",
                                ModelPrice.builder()
                                        .input(new BigDecimal("0.05"))
                                        .output(new BigDecimal("0.08"))
                                        .build()));
        // Everything else prices by the provider's kind: gpt-* as openai, claude-* as anthropic.
        assertThat(config.providers().get("simulator").priceAs()).isNull();
        assertThat(config.providers().get("simulator-anthropic").priceAs()).isNull();
        assertThat(config.pricing().catalog()).isNull();
        assertThat(config.pricing().ratioBands()).isEqualTo(RatioBands.DEFAULTS);
        assertThat(config.budgets()).isEqualTo(BudgetConfig.defaults());
    }

    @Test
    void embeddedDefaultNeedsTheSimulatorUrl() {
        assertThatThrownBy(() -> ConfigLoader.embeddedDefault(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "config error in classpath:evalgate-default.yaml (2 problems):\n"
                                + "  providers.simulator.base_url: ${EVALGATE_SIMULATOR_URL} is not"
                                + " set (expected: an environment variable)\n"
                                + "  providers.simulator-anthropic.base_url:"
                                + " ${EVALGATE_SIMULATOR_URL} is not set (expected: an environment"
                                + " variable)");
    }

    @Test
    void parsesEveryField() throws Exception {
        GatewayConfig config =
                parse(
                        """
                        server:
                          host: 0.0.0.0
                          port: 0
                          max_body_bytes: 2MiB
                          drain_timeout: 500ms
                          io_threads: 4
                          request_read_timeout: 5s
                          idle_timeout: 2m
                        providers:
                          azure:
                            kind: openai
                            base_url: https://res.openai.azure.com/openai/deployments/gpt-4o/
                            api_key: az-key
                            auth_header: api-key
                            models: [gpt-4o, "gpt-4o-*"]
                            headers: {OpenAI-Beta: assistants=v2, X-Empty: ""}
                            query: {api-version: "2024-10-21"}
                            connect_timeout: 2s
                            first_byte_timeout: 3m
                            idle_timeout: 1h
                            max_connections: 10000
                        aliases:
                          eval/fast: {provider: azure, model: gpt-4o}
                        auth:
                          keys:
                            - tenant: team-a
                              sha256: "sha256:%s"
                            - tenant: team-a
                              sha256: "sha256:%s"
                        """
                                .formatted("a".repeat(64), "0123456789abcdef".repeat(4)));

        assertThat(config.server())
                .isEqualTo(
                        new ServerConfig(
                                "0.0.0.0",
                                0,
                                2L << 20,
                                Duration.ofMillis(500),
                                4,
                                Duration.ofSeconds(5),
                                Duration.ofMinutes(2)));
        assertThat(config.providers().get("azure"))
                .usingRecursiveComparison()
                .isEqualTo(
                        new ProviderConfig(
                                "azure",
                                ProviderKind.OPENAI,
                                URI.create(
                                        "https://res.openai.azure.com/openai/deployments/gpt-4o"),
                                "az-key",
                                "api-key",
                                List.of("gpt-4o", "gpt-4o-*"),
                                Map.of("OpenAI-Beta", "assistants=v2", "X-Empty", ""),
                                Map.of("api-version", "2024-10-21"),
                                Duration.ofSeconds(2),
                                Duration.ofMinutes(3),
                                Duration.ofHours(1),
                                10_000,
                                0,
                                ProviderConfig.DEFAULT_MAX_QUEUE,
                                null,
                                null));
        assertThat(config.aliases())
                .containsExactly(Map.entry("eval/fast", new AliasConfig("azure", "gpt-4o")));
        assertThat(config.auth().keys())
                .containsExactly(
                        new AuthConfig.GatewayKey("team-a", "a".repeat(64)),
                        new AuthConfig.GatewayKey("team-a", "0123456789abcdef".repeat(4)));
        assertThat(config.passthrough()).isFalse();
    }

    @Test
    void fillsDefaultsForOmittedFields() throws Exception {
        GatewayConfig config = parse(minimal(""));

        assertThat(config.server()).isEqualTo(ServerConfig.defaults());
        ProviderConfig p = config.providers().get("openai");
        assertThat(p.apiKey()).isNull();
        assertThat(p.authHeader()).isEqualTo(ProviderKind.OPENAI.defaultAuthHeader());
        assertThat(p.headers()).isEmpty();
        assertThat(p.query()).isEmpty();
        assertThat(p.connectTimeout()).isEqualTo(ProviderConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(p.firstByteTimeout()).isEqualTo(ProviderConfig.DEFAULT_FIRST_BYTE_TIMEOUT);
        assertThat(p.idleTimeout()).isEqualTo(ProviderConfig.DEFAULT_IDLE_TIMEOUT);
        assertThat(p.maxConnections()).isEqualTo(ProviderConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(config.aliases()).isEmpty();
        assertThat(config.passthrough()).isTrue();
        assertThat(config.pricing()).isEqualTo(PricingConfig.defaults());
        assertThat(config.budgets()).isEqualTo(BudgetConfig.defaults());
    }

    @Test
    void treatsEmptySectionsAsAbsent() throws Exception {
        GatewayConfig config =
                parse(
                        """
                        server:
                        providers:
                          openai: {kind: openai, base_url: "http://h", models: [m], headers:}
                        aliases:
                        auth:
                          keys:
                        """);

        assertThat(config.server()).isEqualTo(ServerConfig.defaults());
        assertThat(config.providers().get("openai").headers()).isEmpty();
        assertThat(config.aliases()).isEmpty();
        assertThat(config.passthrough()).isTrue();
    }

    @Test
    void parsesSizesInEveryUnit() throws Exception {
        assertThat(maxBodyBytes("1024")).isEqualTo(1024);
        assertThat(maxBodyBytes("\"4096\"")).isEqualTo(4096);
        assertThat(maxBodyBytes("2000B")).isEqualTo(2000);
        assertThat(maxBodyBytes("3KB")).isEqualTo(3_000);
        assertThat(maxBodyBytes("5MB")).isEqualTo(5_000_000);
        assertThat(maxBodyBytes("1GB")).isEqualTo(1_000_000_000);
        assertThat(maxBodyBytes("1KiB")).isEqualTo(1024);
        assertThat(maxBodyBytes("16MiB")).isEqualTo(16L << 20);
        assertThat(maxBodyBytes("1GiB")).isEqualTo(1L << 30);
    }

    @Test
    void parsesDurationsInEveryUnit() throws Exception {
        assertThat(drainTimeout("1ms")).isEqualTo(Duration.ofMillis(1));
        assertThat(drainTimeout("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(drainTimeout("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(drainTimeout("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(drainTimeout("3600000ms")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void dropsTrailingSlashesOfBaseUrl() throws Exception {
        assertThat(baseUrl("https://api.openai.com/v1/")).hasToString("https://api.openai.com/v1");
        assertThat(baseUrl("http://localhost:8000/")).hasToString("http://localhost:8000");
        assertThat(baseUrl("HTTPS://api.example.com")).hasToString("HTTPS://api.example.com");
    }

    @Test
    void loadsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, minimal(""));

        assertThat(ConfigLoader.load(file, Map.of()).providers()).containsOnlyKeys("openai");
    }

    @Test
    void reportsMissingFile(@TempDir Path dir) {
        Path file = dir.resolve("x.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config error in " + file + ": cannot read file (no such file)")
                .satisfies(
                        e -> {
                            ConfigException ce = (ConfigException) e;
                            assertThat(ce.source()).isEqualTo(file.toString());
                            assertThat(ce.problems())
                                    .containsExactly("cannot read file (no such file)");
                        });
    }

    @Test
    void reportsFileThatIsNotUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessage("config error in " + file + ": cannot read file (not UTF-8 text)");
    }

    @Test
    void loadsDeployExample() throws Exception {
        Path example = Path.of("..", "deploy", "gateway.example.yaml");
        Map<String, String> env =
                Map.of(
                        "OPENAI_API_KEY", "sk-openai",
                        "ANTHROPIC_API_KEY", "sk-ant",
                        "AZURE_OPENAI_API_KEY", "az-key",
                        "AZURE_OPENAI_RESOURCE", "evalgate-test",
                        "REDIS_URL", "rediss://:pw@redis.internal:6380/0");

        GatewayConfig config = ConfigLoader.load(example, env);

        assertThat(config.providers()).containsOnlyKeys("openai", "anthropic", "vllm", "azure");
        assertThat(config.providers().get("openai").apiKey()).isEqualTo("sk-openai");
        assertThat(config.providers().get("vllm").baseUrl())
                .isEqualTo(URI.create("http://127.0.0.1:8000/v1"));
        ProviderConfig azure = config.providers().get("azure");
        assertThat(azure.authHeader()).isEqualTo("api-key");
        assertThat(azure.query()).containsKey("api-version");
        assertThat(azure.baseUrl().getHost()).isEqualTo("evalgate-test.openai.azure.com");
        assertThat(config.aliases()).isNotEmpty();
        assertThat(config.auth().keys()).isNotEmpty();
        CacheConfig cache = config.cache();
        assertThat(cache.redis())
                .isEqualTo(
                        new CacheConfig.RedisConfig("rediss://:pw@redis.internal:6380/0", false));
        assertThat(cache.modeFor("pr-1234")).isEqualTo(CacheMode.REPLAY);
        assertThat(cache.modeFor("nightly")).isEqualTo(CacheMode.REFRESH);
        assertThat(cache.modeFor("main")).isEqualTo(CacheMode.RECORD);
        PricingConfig pricing = config.pricing();
        assertThat(pricing.models()).containsOnlyKeys("vllm", "azure");
        assertThat(pricing.models().get("vllm").get("llama-3.1-8b").gpuHour())
                .isEqualTo(new BigDecimal("1.20"));
        assertThat(pricing.runRetention()).isEqualTo(Duration.ofDays(90));
        BudgetConfig budgets = config.budgets();
        assertThat(budgets.forPipeline("pr-1234"))
                .isEqualTo(new BudgetConfig.PipelineBudget(2_500_000L, 50_000_000L, null));
        assertThat(budgets.actionFor("pr-1234")).isEqualTo(BudgetConfig.Action.REJECT);
        assertThat(budgets.actionFor("nightly")).isEqualTo(BudgetConfig.Action.WARN);
        assertThat(budgets.forPipeline("main")).isNull();
    }

    static String minimal(String extraProviderLines) {
        return """
                providers:
                  openai:
                    kind: openai
                    base_url: https://api.openai.com/v1
                    models: [gpt-4o]
                """
                + extraProviderLines.indent(4);
    }

    static GatewayConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "gateway.yaml", Map.of());
    }

    private static long maxBodyBytes(String value) throws ConfigException {
        return parse("server: {max_body_bytes: " + value + "}\n" + minimal(""))
                .server()
                .maxBodyBytes();
    }

    private static Duration drainTimeout(String value) throws ConfigException {
        return parse("server: {drain_timeout: " + value + "}\n" + minimal(""))
                .server()
                .drainTimeout();
    }

    private static URI baseUrl(String value) throws ConfigException {
        String yaml =
                """
                providers:
                  p: {kind: openai, base_url: "%s", models: [m]}
                """
                        .formatted(value);
        return parse(yaml).providers().get("p").baseUrl();
    }
}
