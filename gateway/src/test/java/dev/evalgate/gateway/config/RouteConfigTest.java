package dev.evalgate.gateway.config;

import static dev.evalgate.gateway.config.ConfigLoaderTest.minimal;
import static dev.evalgate.gateway.config.ConfigProblemsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteConfigTest {

    @Test
    void bindsTiersRoutesTargetsAndFallbacks() throws Exception {
        GatewayConfig c =
                ConfigLoader.parse(
                        minimal("")
                                + """
                                tiers:
                                  proxy: {provider: openai, model: gpt-4o-mini}
                                routes:
                                  - name: format
                                    match: {check: format, endpoint: [chat/completions]}
                                    target: {tier: proxy}
                                    fallbacks: [{provider: openai, model: gpt-4o}]
                                    attempts: 3
                                """,
                        "r.yaml",
                        Map.of());
        assertThat(c.tiers()).containsKey("proxy");
        RouteConfig r = c.routes().get(0);
        assertThat(r.match().checks()).containsExactly("format");
        assertThat(r.target()).isEqualTo(new RouteConfig.Target("proxy", "openai", "gpt-4o-mini"));
        assertThat(r.fallbacks()).containsExactly(new RouteConfig.Target(null, "openai", "gpt-4o"));
        assertThat(r.attempts()).isEqualTo(3);
    }

    @Test
    void reportsEveryRouteProblemWithItsPath() {
        assertThat(
                        problems(
                                minimal("")
                                        + """
                                        tiers:
                                          proxy: {provider: nope, model: m}
                                        routes:
                                          - name: a
                                            match: {endpoint: chat, response_format: xml, colour: red}
                                            target: {tier: missing}
                                          - name: a
                                            target: {tier: proxy, model: m}
                                            attempts: 0
                                          - match: {}
                                        """))
                .containsExactly(
                        "tiers.proxy.provider: \"nope\" (expected: one of openai)",
                        "routes[0].match.colour: unknown key (expected: one of check, model,"
                                + " pipeline, endpoint, response_format)",
                        "routes[0].match.endpoint: \"chat\" (expected: one of chat/completions,"
                                + " completions, embeddings, messages)",
                        "routes[0].match.response_format: \"xml\" (expected: one of text,"
                                + " json_object, json_schema)",
                        "routes[0].target.tier: \"missing\" (expected: one of proxy)",
                        "routes[1].name: duplicate route name \"a\" (expected: unique names)",
                        "routes[1].target: both a tier and a provider/model (expected: {tier:"
                                + " <tier>} or {provider: <provider>, model: <model>})",
                        "routes[1].attempts: 0 (expected: 1..10)",
                        "routes[2].name: missing (expected: a route name)",
                        "routes[2].target: missing (expected: {tier: <tier>} or {provider:"
                                + " <provider>, model: <model>})");
    }

    @Test
    void bindsAShadowWithItsComparatorAndVerdictRegex() throws Exception {
        GatewayConfig c =
                ConfigLoader.parse(
                        minimal("")
                                + """
                                tiers:
                                  proxy: {provider: openai, model: gpt-4o-mini}
                                  frontier: {provider: openai, model: gpt-4o}
                                routes:
                                  - name: judge
                                    match: {check: judge}
                                    target: {tier: proxy}
                                    shadow: {tier: frontier, rate: 0.02, comparator: verdict, verdict_regex: 'VERDICT: (\\w+)'}
                                  - name: plain
                                    target: {tier: proxy}
                                """,
                        "r.yaml",
                        Map.of());
        assertThat(c.routes().get(0).shadow())
                .isEqualTo(new RouteConfig.Shadow("frontier", 0.02, "verdict", "VERDICT: (\\w+)"));
        assertThat(c.routes().get(1).shadow()).isNull();
    }

    @Test
    void reportsEveryShadowProblemWithItsPath() {
        assertThat(
                        problems(
                                minimal("")
                                        + """
                                        tiers:
                                          proxy: {provider: openai, model: m}
                                        routes:
                                          - name: a
                                            target: {tier: proxy}
                                            shadow: {tier: nope, rate: 1.5, comparator: fuzzy, colour: red}
                                          - name: b
                                            target: {tier: proxy}
                                            shadow: {comparator: exact, verdict_regex: "x"}
                                          - name: c
                                            target: {tier: proxy}
                                            shadow: {tier: proxy, rate: "half", comparator: verdict, verdict_regex: "("}
                                          - name: d
                                            target: {tier: proxy}
                                            shadow: frontier
                                        """))
                .containsExactly(
                        "routes[0].shadow.colour: unknown key (expected: one of tier, rate,"
                                + " comparator, verdict_regex)",
                        "routes[0].shadow.tier: \"nope\" (expected: one of proxy)",
                        "routes[0].shadow.rate: 1.5 (expected: a number in 0.0..1.0)",
                        "routes[0].shadow.comparator: \"fuzzy\" (expected: one of exact,"
                                + " json-equal, json-valid-both, normalized-text, verdict)",
                        "routes[1].shadow.tier: missing (expected: a declared tier)",
                        "routes[1].shadow.rate: missing (expected: a number in 0.0..1.0)",
                        "routes[1].shadow.verdict_regex: \"x\" (expected: only with comparator:"
                                + " verdict)",
                        "routes[2].shadow.rate: \"half\" (expected: a number in 0.0..1.0)",
                        "routes[2].shadow.verdict_regex: \"(\" (expected: a Java regular"
                                + " expression)",
                        "routes[3].shadow: \"frontier\" (expected: a mapping of tier, rate,"
                                + " comparator, verdict_regex)");
    }

    @Test
    void bindsARouteSemanticTierWithItsDefaults() throws Exception {
        GatewayConfig c =
                ConfigLoader.parse(
                        minimal("")
                                + """
                                tiers:
                                  proxy: {provider: openai, model: gpt-4o-mini}
                                routes:
                                  - name: a
                                    target: {tier: proxy}
                                    cache: {semantic: {threshold: 0.9, max_chars: 500}}
                                  - name: b
                                    target: {tier: proxy}
                                    cache: {semantic: true}
                                  - name: c
                                    target: {tier: proxy}
                                    cache: {semantic: false}
                                  - name: d
                                    target: {tier: proxy}
                                cache:
                                  semantic: {workers: 3, queue: 10, max_bytes: 8MiB, refresh: 0s, max_wait: 50ms}
                                """,
                        "r.yaml",
                        Map.of());
        assertThat(c.routes().get(0).semantic())
                .isEqualTo(new RouteConfig.Semantic(0.9, "local", 500));
        assertThat(c.routes().get(1).semantic())
                .isEqualTo(
                        new RouteConfig.Semantic(
                                RouteConfig.Semantic.DEFAULT_THRESHOLD,
                                "local",
                                RouteConfig.Semantic.DEFAULT_MAX_CHARS));
        assertThat(c.routes().get(2).semantic()).isNull();
        assertThat(c.routes().get(3).semantic()).isNull();
        assertThat(c.cache().semantic())
                .isEqualTo(
                        new SemanticConfig(
                                3,
                                10,
                                8L << 20,
                                20_000,
                                java.time.Duration.ZERO,
                                java.time.Duration.ofMillis(50)));
    }

    @Test
    void reportsEverySemanticProblemWithItsPath() {
        assertThat(
                        problems(
                                minimal("")
                                        + """
                                        tiers:
                                          proxy: {provider: openai, model: m}
                                        routes:
                                          - name: a
                                            target: {tier: proxy}
                                            cache: {semantic: {threshold: 0.3, embedder: bert, colour: red}}
                                          - name: b
                                            target: {tier: proxy}
                                            cache: {exact: true}
                                        cache:
                                          semantic: {workers: 0}
                                        """))
                .containsExactly(
                        "cache.semantic.workers: 0 (expected: 1..64)",
                        "routes[0].cache.semantic.colour: unknown key (expected: one of"
                                + " threshold, embedder, max_chars)",
                        "routes[0].cache.semantic.threshold: 0.3 (expected: a cosine similarity"
                                + " in 0.5..1.0)",
                        "routes[0].cache.semantic.embedder: \"bert\" (expected: local (the"
                                + " in-process all-MiniLM-L6-v2) or {model: <an embeddings model"
                                + " this gateway serves>})",
                        "routes[1].cache.exact: unknown key (expected: one of semantic)");
    }

    /** Providers serving gpt-4o and the text-embedding models, and an alias of an embedder. */
    private static final String EMBEDDING_PROVIDERS =
            """
            providers:
              openai:
                kind: openai
                base_url: https://api.openai.com/v1
                models: [gpt-4o, text-embedding-*]
            aliases:
              embed/large: {provider: openai, model: text-embedding-3-large}
            """;

    @Test
    void bindsAnEmbedderServedThroughTheGateway() throws Exception {
        GatewayConfig c =
                ConfigLoader.parse(
                        EMBEDDING_PROVIDERS
                                + """
                                routes:
                                  - name: a
                                    match: {model: gpt-4o}
                                    target: {provider: openai, model: gpt-4o}
                                    cache: {semantic: {embedder: {model: text-embedding-3-small}}}
                                  - name: b
                                    match: {model: gpt-4o}
                                    target: {provider: openai, model: gpt-4o}
                                    cache: {semantic: {threshold: 0.9, embedder: {model: embed/large}}}
                                  - name: c
                                    match: {model: gpt-4o}
                                    target: {provider: openai, model: gpt-4o}
                                    cache: {semantic: {embedder: local}}
                                """,
                        "r.yaml",
                        Map.of());

        RouteConfig.Semantic a = c.routes().get(0).semantic();
        assertThat(a)
                .isEqualTo(
                        new RouteConfig.Semantic(
                                RouteConfig.Semantic.DEFAULT_THRESHOLD,
                                "gateway:text-embedding-3-small",
                                RouteConfig.Semantic.DEFAULT_MAX_CHARS));
        assertThat(a.gatewayModel()).isEqualTo("text-embedding-3-small");
        assertThat(c.routes().get(1).semantic().embedder()).isEqualTo("gateway:embed/large");
        assertThat(c.routes().get(1).semantic().gatewayModel()).isEqualTo("embed/large");
        assertThat(c.routes().get(2).semantic().embedder()).isEqualTo("local");
        assertThat(c.routes().get(2).semantic().gatewayModel()).isNull();
    }

    @Test
    void reportsEveryEmbedderProblemWithItsPath() {
        assertThat(
                        problems(
                                EMBEDDING_PROVIDERS
                                        + """
                                        routes:
                                          - name: a
                                            target: {provider: openai, model: gpt-4o}
                                            cache: {semantic: {embedder: {model: ""}}}
                                          - name: b
                                            target: {provider: openai, model: gpt-4o}
                                            cache: {semantic: {embedder: {model: text-embedding-3-small, dimensions: 8}}}
                                          - name: c
                                            target: {provider: openai, model: gpt-4o}
                                            cache: {semantic: {embedder: {}}}
                                          - name: d
                                            target: {provider: openai, model: gpt-4o}
                                            cache: {semantic: {embedder: [local]}}
                                          - name: e
                                            target: {provider: openai, model: gpt-4o}
                                            cache: {semantic: {embedder: {model: 3}}}
                                        """))
                .containsExactly(
                        "routes[0].cache.semantic.embedder.model: \"\" (expected: the name of an"
                                + " embeddings model this gateway serves)",
                        "routes[1].cache.semantic.embedder.dimensions: unknown key (expected: one"
                                + " of model)",
                        "routes[2].cache.semantic.embedder.model: missing (expected: the name of"
                                + " an embeddings model this gateway serves)",
                        "routes[3].cache.semantic.embedder: a list (expected: local (the"
                                + " in-process all-MiniLM-L6-v2) or {model: <an embeddings model"
                                + " this gateway serves>})",
                        "routes[4].cache.semantic.embedder.model: 3 (expected: the name of an"
                                + " embeddings model this gateway serves; quote it)");
    }

    @Test
    void reportsAnEmbedderModelNothingServes() {
        assertThat(
                        problems(
                                minimal("")
                                        + """
                                        routes:
                                          - name: a
                                            match: {model: gpt-4o}
                                            target: {provider: openai, model: gpt-4o}
                                            cache: {semantic: {embedder: {model: text-embedding-3-small}}}
                                        """))
                .containsExactly(
                        "routes[0].cache.semantic.embedder.model: \"text-embedding-3-small\""
                                + " (expected: a model this gateway serves: an alias, one of a"
                                + " provider's models or a route's match.model)");
    }
}
