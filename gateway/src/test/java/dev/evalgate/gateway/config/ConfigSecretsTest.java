package dev.evalgate.gateway.config;

import static dev.evalgate.gateway.config.ConfigProblemsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets never reach a problem message or the described config. */
class ConfigSecretsTest {

    private static final String SECRET = "sk-live-0123456789abcdef";

    @Test
    void describeMasksApiKeysAndCredentialHeaders() throws Exception {
        String yaml =
                """
                providers:
                  openai:
                    kind: openai
                    base_url: https://api.openai.com/v1
                    api_key: ${OPENAI_API_KEY}
                    models: [gpt-4o]
                    headers: {X-Goog-Api-Key: "%s", OpenAI-Beta: assistants=v2}
                    query: {sig: "%s", api-version: "2024-10-21"}
                auth:
                  keys:
                    - {tenant: team-a, sha256: "sha256:%s"}
                """
                        .formatted(SECRET, SECRET, "ab".repeat(32));

        GatewayConfig config = ConfigLoader.parse(yaml, "g.yaml", Map.of("OPENAI_API_KEY", SECRET));
        String described = ConfigLoader.describe(config);

        assertThat(described)
                .doesNotContain(SECRET)
                .doesNotContain("ab".repeat(32))
                .contains("api_key: '****'")
                .contains("OpenAI-Beta: assistants=v2")
                .contains("X-Goog-Api-Key: '****'")
                .contains("sig: '****'")
                .contains("api-version: 2024-10-21");
    }

    @Test
    void describesEffectiveConfigWithDefaults() throws Exception {
        GatewayConfig config =
                ConfigLoader.embeddedDefault(Map.of("EVALGATE_SIMULATOR_URL", "http://sim:1/v1"));

        assertThat(ConfigLoader.describe(config))
                .startsWith(
                        """
                        server:
                          host: 127.0.0.1
                          port: 8080
                          max_body_bytes: 16MiB
                          drain_timeout: 30s
                          io_threads: 0
                          request_read_timeout: 30s
                          idle_timeout: 2m
                        providers:
                          simulator:
                            kind: openai
                            base_url: http://sim:1/v1
                            auth_header: authorization
                            models:
                            - sim-*
                        """)
                .contains(
                        """
                            connect_timeout: 5s
                            first_byte_timeout: 2m
                            idle_timeout: 1m
                            max_connections: 256
                            max_concurrency: 0
                            max_queue: 10000
                        """)
                .endsWith(
                        """
                        aliases:
                          eval/format:
                            provider: simulator
                            model: sim-llama-3-8b
                          eval/semantic:
                            provider: simulator
                            model: sim-frontier
                        auth:
                          keys: []
                        cache:
                          enabled: true
                          namespace: default
                          mode: record
                          ttl: 30d
                          min_ttl: 1m
                          max_ttl: 365d
                          l1_max_bytes: 256MiB
                          max_entry_bytes: 64MiB
                          lookup_timeout: 50ms
                          pipelines: {}
                        tiers: {}
                        routes: []
                        pricing:
                          models:
                            simulator:
                              sim-frontier:
                                input: 2.50
                                cached_input: 2.50
                                output: 10.00
                                cache_write: 2.50
                                cache_read: 2.50
                                per_request: 0
                                gpu_hour: 0
                              sim-llama-3-8b:
                                input: 0.05
                                cached_input: 0.05
                                output: 0.08
                                cache_write: 0.05
                                cache_read: 0.05
                                per_request: 0
                                gpu_hour: 0
                          run_retention: 30d
                          ratio:
                            window_days: 30
                            elevated: 5
                            warning: 15
                            critical: 30
                        budgets:
                          action: reject
                          assumed_max_tokens: 4096
                          reservation_timeout: 15m
                          pipelines: {}""");
    }

    @Test
    void describedConfigParsesBackToTheSameConfig() throws Exception {
        GatewayConfig config =
                ConfigLoader.embeddedDefault(Map.of("EVALGATE_SIMULATOR_URL", "http://sim:1/v1"));

        GatewayConfig reparsed =
                ConfigLoader.parse(ConfigLoader.describe(config), "described", Map.of());

        assertThat(reparsed).isEqualTo(config);
    }

    @Test
    void problemsNeverShowSecretValues() {
        String yaml =
                """
                providers:
                  openai:
                    kind: openai
                    base_url: "https://user:%s@api.openai.com/v1?key=%s"
                    api_key: [%s]
                    models: [gpt-4o]
                    headers: {X-Api-Token: "%s\\n"}
                  anthropic:
                    kind: anthropic
                    base_url: https://api.anthropic.com/v1
                    api_key: 12345
                    models: [claude-*]
                auth:
                  keys:
                    - {tenant: t, sha256: "%s"}
                """
                        .formatted(SECRET, SECRET, SECRET, SECRET, SECRET);

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "g.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET))
                .satisfies(e -> assertThat(e.toString()).doesNotContain(SECRET));
        assertThat(problems(yaml))
                .contains(
                        "providers.openai.base_url: \"https://****@api.openai.com/v1?****\""
                                + " (expected: an absolute http(s) URL without user info; use"
                                + " api_key or headers)",
                        "providers.openai.api_key: a list (expected: a non-empty string; leave"
                                + " api_key out for passthrough)",
                        "providers.openai.headers.X-Api-Token: **** (expected: a value without"
                                + " control characters)",
                        "providers.anthropic.api_key: **** (expected: a non-empty string; leave"
                                + " api_key out for passthrough; quote it)");
    }

    @Test
    void problemsNeverShowSecretsFromEnvironment() {
        String yaml =
                """
                providers:
                  openai:
                    kind: openai
                    base_url: https://api.openai.com/v1
                    api_key: ${OPENAI_API_KEY}
                    models: ${MODELS}
                """;

        assertThat(problems(yaml, Map.of("OPENAI_API_KEY", SECRET, "MODELS", "x")))
                .containsExactly(
                        "providers.openai.models: \"x\" (expected: a non-empty list of model"
                                + " names or globs)");
    }

    @Test
    void syntaxErrorsNeverQuoteTheLine() {
        String yaml = "providers:\n  openai:\n    api_key: \"" + SECRET + "\\q\"\n";

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "g.yaml", Map.of()))
                .hasMessage(
                        "config error in g.yaml: line 3, column 40: invalid YAML (found unknown"
                                + " escape character q(113))");
    }
}
