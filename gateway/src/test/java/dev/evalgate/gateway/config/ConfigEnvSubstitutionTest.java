package dev.evalgate.gateway.config;

import static dev.evalgate.gateway.config.ConfigProblemsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigEnvSubstitutionTest {

    private static final String YAML =
            """
            server:
              host: ${HOST:-127.0.0.1}
              port: ${PORT}
            providers:
              openai:
                kind: openai
                base_url: https://${REGION}.api.example.com/v1
                api_key: ${OPENAI_API_KEY}
                models: ["${MODEL:-gpt-4o}"]
                headers: {X-Note: "costs $$5, literal $${NOT_A_VAR}"}
            """;

    @Test
    void substitutesVariablesInStringValues() throws Exception {
        GatewayConfig config =
                ConfigLoader.parse(
                        YAML,
                        "g.yaml",
                        Map.of(
                                "HOST", "10.0.0.1",
                                "PORT", "9090",
                                "REGION", "eu",
                                "OPENAI_API_KEY", "sk-test",
                                "MODEL", "gpt-4.1"));

        assertThat(config.server().host()).isEqualTo("10.0.0.1");
        assertThat(config.server().port()).isEqualTo(9090);
        ProviderConfig p = config.providers().get("openai");
        assertThat(p.baseUrl()).hasToString("https://eu.api.example.com/v1");
        assertThat(p.apiKey()).isEqualTo("sk-test");
        assertThat(p.models()).containsExactly("gpt-4.1");
        assertThat(p.headers()).containsEntry("X-Note", "costs $$5, literal ${NOT_A_VAR}");
    }

    @Test
    void usesDefaultWhenUnsetOrEmpty() throws Exception {
        Map<String, String> env =
                Map.of("PORT", "1", "REGION", "us", "OPENAI_API_KEY", "k", "HOST", "");

        GatewayConfig config = ConfigLoader.parse(YAML, "g.yaml", env);

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.providers().get("openai").models()).containsExactly("gpt-4o");
    }

    @Test
    void keepsEmptyValueWithoutDefaultAndValidatesIt() {
        Map<String, String> env = Map.of("PORT", "", "REGION", "us", "OPENAI_API_KEY", "k");

        assertThat(problems(YAML, env))
                .containsExactly("server.port: \"\" (expected: an integer in 0..65535)");
    }

    @Test
    void reportsEveryUnsetVariableOnceWithItsPath() {
        assertThat(problems(YAML, Map.of()))
                .containsExactly(
                        "server.port: ${PORT} is not set (expected: an environment variable)",
                        "providers.openai.base_url: ${REGION} is not set (expected: an"
                                + " environment variable)",
                        "providers.openai.api_key: ${OPENAI_API_KEY} is not set (expected: an"
                                + " environment variable)");
    }

    @Test
    void validatesSubstitutedValues() {
        Map<String, String> env =
                Map.of("PORT", "80800", "REGION", "bad region", "OPENAI_API_KEY", "k");

        assertThat(problems(YAML, env))
                .containsExactly(
                        "server.port: \"80800\" (expected: 0..65535)",
                        "providers.openai.base_url: \"https://bad region.api.example.com/v1\""
                                + " (expected: an absolute http(s) URL)");
    }

    @Test
    void neverSubstitutesKeysOrRescansValues() throws Exception {
        String yaml =
                """
                providers:
                  openai:
                    kind: openai
                    base_url: ${URL}
                    models: [m]
                    query: {"${NAME}": "${VALUE}"}
                """;

        GatewayConfig config =
                ConfigLoader.parse(
                        yaml, "g.yaml", Map.of("URL", "http://h", "NAME", "x", "VALUE", "${URL}"));

        assertThat(config.providers().get("openai").query()).containsEntry("${NAME}", "${URL}");
    }

    @Test
    void rejectsMalformedReferences() {
        String expected =
                " (expected: ${NAME} or ${NAME:-default} with NAME of letters, digits and _; $${"
                        + " for a literal ${)";
        assertThat(problems(hostYaml("${HOST")))
                .containsExactly("server.host: unterminated ${" + expected);
        assertThat(problems(hostYaml("${1HOST}")))
                .containsExactly("server.host: invalid ${…} reference" + expected);
        assertThat(problems(hostYaml("${HOST:-${OTHER}}")))
                .containsExactly("server.host: invalid ${…} reference" + expected);
    }

    private static String hostYaml(String host) {
        return "server: {host: \"" + host + "\"}\n" + ConfigLoaderTest.minimal("");
    }
}
