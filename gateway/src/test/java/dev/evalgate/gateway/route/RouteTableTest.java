package dev.evalgate.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.config.ConfigLoader;
import dev.evalgate.gateway.config.GatewayConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static final String YAML =
            """
            providers:
              vllm: {kind: openai, base_url: "http://127.0.0.1:1/v1", models: ["llama-*"]}
              openai: {kind: openai, base_url: "http://127.0.0.1:2/v1", models: ["gpt-*"]}
              anthropic: {kind: anthropic, base_url: "http://127.0.0.1:3/v1", models: ["claude-*"]}
            aliases:
              eval/cheap: {provider: vllm, model: llama-3.1-8b}
            tiers:
              proxy: {provider: vllm, model: llama-3.1-8b}
              frontier: {provider: openai, model: gpt-4o}
            routes:
              - name: format-checks
                match: {check: [format, syntax]}
                target: {tier: proxy}
                fallbacks: [{tier: frontier}]
                attempts: 3
              - name: json-mode
                match: {response_format: [json_object, json_schema], endpoint: chat/completions}
                target: {tier: proxy}
              - name: semantic
                match: {model: eval/semantic}
                target: {provider: anthropic, model: claude-sonnet-4-5}
              - name: nightly
                match: {pipeline: "nightly-*", model: "gpt-*"}
                target: {tier: frontier}
            """;

    private final RouteTable table;

    RouteTableTest() throws Exception {
        GatewayConfig config = ConfigLoader.parse(YAML, "routes.yaml", Map.of());
        table = new RouteTable(config);
    }

    private RouteTable.Decision resolve(
            String model, String check, String pipeline, String endpoint, String format) {
        return table.resolve(new RouteTable.Request(model, check, pipeline, endpoint, format));
    }

    @Test
    void checkTypeHeaderSendsFormatChecksToTheProxyTierWithFallbacks() {
        RouteTable.Decision d = resolve("gpt-4o", "format", null, "chat/completions", null);
        assertThat(d.route()).isEqualTo("format-checks");
        assertThat(d.primary().provider().name()).isEqualTo("vllm");
        assertThat(d.primary().upstreamModel()).isEqualTo("llama-3.1-8b");
        assertThat(d.primary().tier()).isEqualTo("proxy");
        assertThat(d.primary().rewritesModel()).isTrue();
        assertThat(d.targets()).hasSize(2);
        assertThat(d.targets().get(1).upstreamModel()).isEqualTo("gpt-4o");
        assertThat(d.attempts()).isEqualTo(3);
    }

    @Test
    void requestFeaturesAndEndpointMatch() {
        assertThat(resolve("gpt-4o", null, null, "chat/completions", "json_schema").route())
                .isEqualTo("json-mode");
        assertThat(resolve("gpt-4o", null, null, "completions", "json_schema").route())
                .isEqualTo(RouteTable.DIRECT);
        assertThat(resolve("gpt-4o", null, null, "chat/completions", "text").route())
                .isEqualTo(RouteTable.DIRECT);
    }

    @Test
    void aliasLikeModelNamesAndPipelineGlobsMatch() {
        RouteTable.Decision semantic =
                resolve("eval/semantic", null, null, "chat/completions", null);
        assertThat(semantic.primary().provider().name()).isEqualTo("anthropic");
        RouteTable.Decision nightly =
                resolve("gpt-4o-mini", null, "nightly-2026", "chat/completions", null);
        assertThat(nightly.route()).isEqualTo("nightly");
        assertThat(nightly.primary().upstreamModel()).isEqualTo("gpt-4o");
        assertThat(resolve("gpt-4o-mini", null, "pr-12", "chat/completions", null).route())
                .isEqualTo(RouteTable.DIRECT);
    }

    @Test
    void unmatchedRequestsGoToTheModelTheyAskedForUnchanged() {
        RouteTable.Decision d = resolve("gpt-4o-mini", null, null, "chat/completions", null);
        assertThat(d.route()).isEqualTo(RouteTable.DIRECT);
        assertThat(d.primary().upstreamModel()).isEqualTo("gpt-4o-mini");
        assertThat(d.primary().rewritesModel()).isFalse();
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(
                        resolve("eval/cheap", null, null, "chat/completions", null)
                                .primary()
                                .upstreamModel())
                .isEqualTo("llama-3.1-8b");
        assertThat(resolve("mistral-large", null, null, "chat/completions", null)).isNull();
    }

    @Test
    void shadowTargetForcesItsTierAsTheOnlyTargetAndKeepsTheRouteName() {
        RouteTable.Decision d =
                table.resolveShadow(
                        new RouteTable.Request("gpt-4o", "format", null, "chat/completions", null),
                        "frontier");
        assertThat(d.route()).isEqualTo("format-checks");
        assertThat(d.targets())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.provider().name()).isEqualTo("openai");
                            assertThat(t.upstreamModel()).isEqualTo("gpt-4o");
                            assertThat(t.tier()).isEqualTo("frontier");
                        });
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.shadow()).isNull();
    }

    @Test
    void shadowTargetNamingNoTierResolvesToNothing() {
        assertThat(
                        table.resolveShadow(
                                new RouteTable.Request(
                                        "gpt-4o", null, null, "chat/completions", null),
                                "nope"))
                .isNull();
    }
}
