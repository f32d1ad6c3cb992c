package dev.evalgate.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.config.AliasConfig;
import dev.evalgate.gateway.config.AuthConfig;
import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.config.ServerConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRouterTest {

    static ProviderConfig provider(String name, ProviderKind kind, String... models) {
        return new ProviderConfig(
                name,
                kind,
                URI.create("http://127.0.0.1:1/v1"),
                null,
                kind.defaultAuthHeader(),
                List.of(models),
                Map.of(),
                Map.of(),
                ProviderConfig.DEFAULT_CONNECT_TIMEOUT,
                ProviderConfig.DEFAULT_FIRST_BYTE_TIMEOUT,
                ProviderConfig.DEFAULT_IDLE_TIMEOUT,
                ProviderConfig.DEFAULT_MAX_CONNECTIONS,
                0,
                ProviderConfig.DEFAULT_MAX_QUEUE,
                null,
                null);
    }

    private static final GatewayConfig CONFIG;

    static {
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        providers.put("openai", provider("openai", ProviderKind.OPENAI, "gpt-4o*", "o3"));
        providers.put("vllm", provider("vllm", ProviderKind.OPENAI, "gpt-4o-mini", "llama-*"));
        providers.put("anthropic", provider("anthropic", ProviderKind.ANTHROPIC, "claude-*"));
        CONFIG =
                new GatewayConfig(
                        ServerConfig.defaults(),
                        providers,
                        Map.of("eval/format", new AliasConfig("vllm", "llama-3-8b")),
                        AuthConfig.passthrough(),
                        dev.evalgate.gateway.config.CacheConfig.defaults(),
                        Map.of(),
                        List.of(),
                        dev.evalgate.gateway.config.PricingConfig.defaults(),
                        dev.evalgate.gateway.config.BudgetConfig.defaults());
    }

    private final ModelRouter router = new ModelRouter(CONFIG);

    @Test
    void firstDeclaredProviderServingTheModelWins() {
        assertThat(router.resolve("gpt-4o-mini").provider().name()).isEqualTo("openai");
        assertThat(router.resolve("llama-3-70b").provider().name()).isEqualTo("vllm");
        assertThat(router.resolve("claude-3-5-sonnet-20241022").provider().name())
                .isEqualTo("anthropic");
    }

    @Test
    void aliasesRenameTheUpstreamModel() {
        ModelRouter.Target t = router.resolve("eval/format");
        assertThat(t.provider().name()).isEqualTo("vllm");
        assertThat(t.upstreamModel()).isEqualTo("llama-3-8b");
        assertThat(t.rewritesModel()).isTrue();
        assertThat(router.resolve("o3").rewritesModel()).isFalse();
    }

    @Test
    void unknownModelsResolveToNothing() {
        assertThat(router.resolve("o3-mini")).isNull();
        assertThat(router.resolve("mistral")).isNull();
    }
}
