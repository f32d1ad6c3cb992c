package dev.evalgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.config.ConfigLoader;
import dev.evalgate.gateway.config.GatewayConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health probes carry a provider's credentials to its own host only. */
class ScaleSetupTest {

    static final String HOOKS =
            """
                  scale_down: {webhook: {url: "http://hooks/down"}}
                  scale_up: {webhook: {url: "http://hooks/up"}}
            """;

    @Test
    void probesOfTheProvidersOwnHostCarryItsKeyAndHeaders() throws Exception {
        GatewayConfig config =
                parse(
                        """
                        providers:
                          vllm:
                            kind: openai
                            base_url: https://vllm.internal/v1
                            api_key: vllm-key
                            headers: {X-Team: evals}
                            models: [llama-*]
                            scale_to_zero:
                              health: {url: "https://VLLM.internal:443/health"}
                        """
                                + HOOKS
                                + """
                          claude-local:
                            kind: anthropic
                            base_url: http://claude.internal:9000
                            api_key: a-key
                            models: [claude-*]
                            scale_to_zero:
                        """
                                + HOOKS
                                + """
                          plain:
                            kind: openai
                            base_url: http://plain.internal/v1
                            models: [gpt-*]
                        """);

        assertThat(ScaleSetup.sections(config)).containsOnlyKeys("vllm", "claude-local");
        assertThat(ScaleSetup.healthHeaders(config))
                .containsExactly(
                        Map.entry(
                                "vllm",
                                Map.of("authorization", "Bearer vllm-key", "X-Team", "evals")),
                        Map.entry("claude-local", Map.of("x-api-key", "a-key")));
    }

    @Test
    void probesOfAnotherHostCarryNoCredentials() throws Exception {
        GatewayConfig config =
                parse(
                        """
                        providers:
                          vllm:
                            kind: openai
                            base_url: http://vllm.internal:8000/v1
                            api_key: vllm-key
                            models: [llama-*]
                            scale_to_zero:
                              health: {url: "http://vllm.internal:8001/health"}
                        """
                                + HOOKS);

        assertThat(ScaleSetup.healthHeaders(config)).isEmpty();
    }

    private static GatewayConfig parse(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "g.yaml", Map.of());
    }
}
