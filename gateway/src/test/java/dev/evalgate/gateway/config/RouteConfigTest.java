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
}
