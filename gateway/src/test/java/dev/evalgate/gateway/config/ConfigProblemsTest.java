package dev.evalgate.gateway.config;

import static dev.evalgate.gateway.config.ConfigLoaderTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind of invalid config and the exact problem it reports. */
class ConfigProblemsTest {

    @Test
    void reportsAllProblemsAtOnceUnderOneHeader() {
        String yaml =
                """
                server:
                  port: 70000
                providers:
                  openai:
                    kind: openai
                    base_url: api.openai.com
                    models: [gpt-4o]
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "gateway.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "config error in gateway.yaml (2 problems):\n"
                                + "  server.port: 70000 (expected: 0..65535)\n"
                                + "  providers.openai.base_url: \"api.openai.com\" (expected: an"
                                + " absolute http(s) URL)");
    }

    @Test
    void reportsSingleProblemOnOneLine() {
        assertThatThrownBy(
                        () ->
                                ConfigLoader.parse(
                                        "server: {port: -1}\n" + minimal(""), "g.yaml", Map.of()))
                .hasMessage("config error in g.yaml: server.port: -1 (expected: 0..65535)");
    }

    @Test
    void listsAllowedKeysForUnknownKeysAtEveryLevel() {
        String yaml =
                """
                servr: {}
                server: {prot: 8080}
                providers:
                  openai:
                    kind: openai
                    base_url: https://api.openai.com/v1
                    models: [gpt-4o]
                    apikey: x
                aliases:
                  a: {provider: openai, model: m, temperature: 0}
                auth:
                  key: []
                  keys:
                    - {tenant: t, sha: x, sha256: "sha256:%s"}
                """
                        .formatted("0".repeat(64));

        assertThat(problems(yaml))
                .containsExactly(
                        "servr: unknown key (expected: one of server, providers, aliases, auth,"
                                + " cache, tiers, routes, pricing, budgets)",
                        "server.prot: unknown key (expected: one of host, port, max_body_bytes,"
                                + " drain_timeout, io_threads, request_read_timeout, idle_timeout)",
                        "providers.openai.apikey: unknown key (expected: one of kind, base_url,"
                                + " api_key, auth_header, models, headers, query, connect_timeout,"
                                + " first_byte_timeout, idle_timeout, max_connections, max_concurrency,"
                                + " max_queue, price_as, scale_to_zero)",
                        "aliases.a.temperature: unknown key (expected: one of provider, model)",
                        "auth.key: unknown key (expected: one of keys)",
                        "auth.keys[0].sha: unknown key (expected: one of tenant, sha256)");
    }

    @Test
    void reportsYamlSyntaxErrorWithLineAndColumn() {
        assertThat(problems("server:\n  port: 8080\n  host: a: b\n"))
                .containsExactly(
                        "line 3, column 10: invalid YAML (mapping values are not allowed here)");
    }

    @Test
    void reportsDuplicateKeys() {
        assertThat(problems("server:\n  port: 1\n  port: 2\n" + minimal("")))
                .containsExactly("line 3, column 7: invalid YAML (duplicate key 'port')");
    }

    @Test
    void rejectsSecondDocument() {
        assertThat(problems(minimal("") + "---\nserver: {port: 1}\n"))
                .containsExactly(
                        "line 7, column 1: a second document (expected: one YAML document)");
    }

    @Test
    void rejectsEmptyAndNonMappingDocuments() {
        assertThat(problems("# nothing\n"))
                .containsExactly("(root): empty (expected: a mapping with at least providers)");
        assertThat(problems("- a\n"))
                .containsExactly(
                        "(root): a list (expected: a mapping of server, providers, aliases, auth,"
                                + " cache, tiers, routes, pricing, budgets)",
                        "providers: missing (expected: at least one provider)");
    }

    @Test
    void rejectsBadServerValues() {
        String yaml =
                """
                server:
                  host: ""
                  port: eighty
                  max_body_bytes: 512B
                  drain_timeout: 30
                  io_threads: 257
                """
                        + minimal("");

        assertThat(problems(yaml))
                .containsExactly(
                        "server.host: \"\" (expected: a non-empty string)",
                        "server.port: \"eighty\" (expected: an integer in 0..65535)",
                        "server.max_body_bytes: \"512B\" (expected: 1KiB..1GiB)",
                        "server.drain_timeout: 30 (expected: a duration <n>ms|s|m|h|d)",
                        "server.io_threads: 257 (expected: 0..256)");
    }

    @Test
    void rejectsBadSizes() {
        assertThat(serverProblem("max_body_bytes: 16mb"))
                .isEqualTo(
                        "server.max_body_bytes: \"16mb\" (expected: a byte count or"
                                + " <n>B|KB|MB|GB|KiB|MiB|GiB)");
        assertThat(serverProblem("max_body_bytes: 1.5MiB"))
                .isEqualTo(
                        "server.max_body_bytes: \"1.5MiB\" (expected: a byte count or"
                                + " <n>B|KB|MB|GB|KiB|MiB|GiB)");
        assertThat(serverProblem("max_body_bytes: 2GiB"))
                .isEqualTo("server.max_body_bytes: \"2GiB\" (expected: 1KiB..1GiB)");
        assertThat(serverProblem("max_body_bytes: 99999999999999999999GiB"))
                .isEqualTo(
                        "server.max_body_bytes: \"99999999999999999999GiB\" (expected:"
                                + " a byte count or <n>B|KB|MB|GB|KiB|MiB|GiB)");
        assertThat(serverProblem("max_body_bytes: 9999999999999999999GiB"))
                .isEqualTo(
                        "server.max_body_bytes: \"9999999999999999999GiB\" (expected:"
                                + " 1KiB..1GiB)");
    }

    @Test
    void rejectsBadDurations() {
        assertThat(serverProblem("drain_timeout: 0s"))
                .isEqualTo("server.drain_timeout: \"0s\" (expected: 1ms..1h)");
        assertThat(serverProblem("drain_timeout: 61m"))
                .isEqualTo("server.drain_timeout: \"61m\" (expected: 1ms..1h)");
        assertThat(serverProblem("drain_timeout: 1.5s"))
                .isEqualTo("server.drain_timeout: \"1.5s\" (expected: a duration <n>ms|s|m|h|d)");
        assertThat(serverProblem("drain_timeout: 2w"))
                .isEqualTo("server.drain_timeout: \"2w\" (expected: a duration <n>ms|s|m|h|d)");
        assertThat(serverProblem("drain_timeout: 2d"))
                .isEqualTo("server.drain_timeout: \"2d\" (expected: 1ms..1h)");
        assertThat(serverProblem("request_read_timeout: 0s"))
                .isEqualTo("server.request_read_timeout: \"0s\" (expected: 1ms..1h)");
        assertThat(serverProblem("idle_timeout: 30"))
                .isEqualTo("server.idle_timeout: 30 (expected: a duration <n>ms|s|m|h|d)");
    }

    @Test
    void rejectsNumbersWhereStringsBelong() {
        assertThat(serverProblem("host: 127"))
                .isEqualTo("server.host: 127 (expected: a non-empty string; quote it)");
    }

    @Test
    void requiresProviders() {
        assertThat(problems("server: {port: 1}\n"))
                .containsExactly("providers: missing (expected: at least one provider)");
        assertThat(problems("providers:\n"))
                .containsExactly("providers: null (expected: at least one provider)");
        assertThat(problems("providers: {}\n"))
                .containsExactly("providers: {} (expected: at least one provider)");
        assertThat(problems("providers: [openai]\n"))
                .containsExactly("providers: a list (expected: a mapping of provider names)");
    }

    @Test
    void requiresKindBaseUrlAndModels() {
        assertThat(problems("providers:\n  openai:\n"))
                .containsExactly(
                        "providers.openai.kind: missing (expected: openai | anthropic)",
                        "providers.openai.base_url: missing (expected: an absolute http(s) URL)",
                        "providers.openai.models: missing (expected: a non-empty list of model"
                                + " names or globs)");
    }

    @Test
    void rejectsBadProviderValues() {
        String yaml =
                """
                providers:
                  "bad name":
                    kind: gemini
                    base_url: https://x.example
                    auth_header: Authorization
                    models: []
                    connect_timeout: 2h
                    max_connections: 0
                """;

        assertThat(problems(yaml))
                .containsExactly(
                        "providers: \"bad name\" (expected: a provider name matching"
                                + " [A-Za-z0-9][A-Za-z0-9_.-]*)",
                        "providers[\"bad name\"].kind: \"gemini\" (expected: openai | anthropic)",
                        "providers[\"bad name\"].auth_header: \"Authorization\" (expected:"
                                + " authorization | x-api-key | api-key)",
                        "providers[\"bad name\"].models: [] (expected: a non-empty list of model"
                                + " names or globs)",
                        "providers[\"bad name\"].connect_timeout: \"2h\" (expected: 1ms..1h)",
                        "providers[\"bad name\"].max_connections: 0 (expected: 1..10000)");
    }

    @Test
    void rejectsBadModelEntries() {
        assertThat(problems(provider("models: [gpt-4o, \"\", 4]")))
                .containsExactly(
                        "providers.p.models[1]: \"\" (expected: a non-empty model name or glob)",
                        "providers.p.models[2]: 4 (expected: a non-empty model name or glob;"
                                + " quote it)");
        assertThat(problems(provider("models: gpt-4o")))
                .containsExactly(
                        "providers.p.models: \"gpt-4o\" (expected: a non-empty list of model"
                                + " names or globs)");
    }

    @Test
    void rejectsBaseUrlsThatAreNotAbsoluteHttpUrls() {
        String url = "an absolute http(s) URL";
        assertThat(baseUrlProblem("ftp://files.example/v1"))
                .isEqualTo(
                        "providers.p.base_url: \"ftp://files.example/v1\" (expected: " + url + ")");
        assertThat(baseUrlProblem("/v1"))
                .isEqualTo("providers.p.base_url: \"/v1\" (expected: " + url + ")");
        assertThat(baseUrlProblem("http://exa mple.com"))
                .isEqualTo("providers.p.base_url: \"http://exa mple.com\" (expected: " + url + ")");
        assertThat(baseUrlProblem("http://my_host:8000/v1"))
                .isEqualTo(
                        "providers.p.base_url: \"http://my_host:8000/v1\" (expected: "
                                + url
                                + " with a host)");
        assertThat(baseUrlProblem("http://h:70000/v1"))
                .isEqualTo(
                        "providers.p.base_url: \"http://h:70000/v1\" (expected: "
                                + url
                                + " with a port in 1..65535)");
        assertThat(baseUrlProblem("https://h/v1#frag"))
                .isEqualTo(
                        "providers.p.base_url: \"https://h/v1#****\" (expected: "
                                + url
                                + " without a fragment)");
    }

    @Test
    void masksCredentialsInRejectedBaseUrls() {
        assertThat(baseUrlProblem("https://user:hunter2@h/v1"))
                .isEqualTo(
                        "providers.p.base_url: \"https://****@h/v1\" (expected: an absolute"
                                + " http(s) URL without user info; use api_key or headers)");
        assertThat(baseUrlProblem("https://h/v1?key=hunter2"))
                .isEqualTo(
                        "providers.p.base_url: \"https://h/v1?****\" (expected: an absolute"
                                + " http(s) URL without a query; use query: for parameters)");
    }

    @Test
    void rejectsBadHeaders() {
        String yaml =
                provider(
                        """
                        headers:
                          Bad Header: x
                          Host: other.example
                          Authorization: Bearer x
                          X-Trace: a
                          x-trace: b
                          X-Multi: "a\\r\\nInjected: 1"
                          X-Num: 1.10
                        """);

        assertThat(problems(yaml))
                .containsExactly(
                        "providers.p.headers: \"Bad Header\" (expected: a header name of"
                                + " letters, digits and !#$%&'*+-.^_`|~)",
                        "providers.p.headers.Host: set by the gateway (expected: none of host,"
                                + " content-length, connection, transfer-encoding, authorization,"
                                + " x-api-key, api-key; use api_key and auth_header for the key)",
                        "providers.p.headers.Authorization: set by the gateway (expected: none of"
                                + " host, content-length, connection, transfer-encoding,"
                                + " authorization, x-api-key, api-key; use api_key and auth_header"
                                + " for the key)",
                        "providers.p.headers.x-trace: duplicate of providers.p.headers.X-Trace"
                                + " (expected: each header once; names ignore case)",
                        "providers.p.headers.X-Multi: \"a\\r\\nInjected: 1\" (expected: a value"
                                + " without control characters)",
                        "providers.p.headers.X-Num: 1.10 (expected: a string; quote it)");
    }

    @Test
    void rejectsBadQueryAndMapShapes() {
        assertThat(problems(provider("query: {api-version: 2024.10}")))
                .containsExactly(
                        "providers.p.query.api-version: 2024.10 (expected: a string; quote it)");
        assertThat(problems(provider("headers: [a, b]")))
                .containsExactly("providers.p.headers: a list (expected: a mapping)");
    }

    @Test
    void rejectsEmptyApiKey() {
        assertThat(problems(provider("api_key: \"\"")))
                .containsExactly(
                        "providers.p.api_key: \"\" (expected: a non-empty string; leave api_key"
                                + " out for passthrough)");
    }

    @Test
    void rejectsAliasesToUnknownProvidersOrWithoutModel() {
        String yaml =
                minimal("")
                        + """
                        aliases:
                          eval/a: {provider: opneai, model: gpt-4o}
                          eval/b: {provider: openai}
                          eval/c: openai/gpt-4o
                        """;

        assertThat(problems(yaml))
                .containsExactly(
                        "aliases.eval/a.provider: \"opneai\" (expected: one of openai)",
                        "aliases.eval/b.model: missing (expected: a non-empty upstream model"
                                + " name)",
                        "aliases.eval/c: \"openai/gpt-4o\" (expected: a mapping of provider,"
                                + " model)",
                        "aliases.eval/c.provider: missing (expected: a declared provider)",
                        "aliases.eval/c.model: missing (expected: a non-empty upstream model"
                                + " name)");
    }

    @Test
    void rejectsAliasNamedLikeAnExactModel() {
        String yaml =
                minimal("")
                        + """
                        aliases:
                          gpt-4o: {provider: openai, model: gpt-4o-2024-08-06}
                        """;

        assertThat(problems(yaml))
                .containsExactly(
                        "aliases.gpt-4o: ambiguous (expected: a name not in"
                                + " providers.openai.models)");
    }

    @Test
    void allowsAliasMatchedByGlobAndModelsSharedByProviders() throws Exception {
        String yaml =
                """
                providers:
                  first: {kind: openai, base_url: "http://a", models: ["gpt-*", gpt-4o]}
                  second: {kind: openai, base_url: "http://b", models: [gpt-4o]}
                aliases:
                  gpt-fast: {provider: second, model: gpt-4o}
                """;

        GatewayConfig config = ConfigLoader.parse(yaml, "g.yaml", Map.of());

        assertThat(config.providers()).containsOnlyKeys("first", "second");
        assertThat(config.aliases()).containsOnlyKeys("gpt-fast");
    }

    @Test
    void rejectsBadGatewayKeys() {
        String hash = "sha256:" + "ab".repeat(32);
        String yaml =
                minimal("")
                        + """
                        auth:
                          keys:
                            - {tenant: "team a", sha256: "%s"}
                            - {tenant: team-b, sha256: "%s"}
                            - {tenant: team-c, sha256: "SHA256:%s"}
                            - {sha256: sk-live-raw-key}
                            - {tenant: team-e}
                        """
                                .formatted(hash, hash, "AB".repeat(32));

        assertThat(problems(yaml))
                .containsExactly(
                        "auth.keys[0].tenant: \"team a\" (expected: letters, digits, _ . -)",
                        "auth.keys[1].sha256: duplicate of auth.keys[0].sha256 (expected: a"
                                + " different key for every entry)",
                        "auth.keys[2].sha256: **** (expected: sha256: then 64 lowercase hex"
                                + " digits, the SHA-256 of the key)",
                        "auth.keys[3].tenant: missing (expected: letters, digits, _ . -)",
                        "auth.keys[3].sha256: **** (expected: sha256: then 64 lowercase hex"
                                + " digits, the SHA-256 of the key)",
                        "auth.keys[4].sha256: missing (expected: sha256: then 64 lowercase hex"
                                + " digits, the SHA-256 of the key)");
        assertThat(problems(minimal("") + "auth: {keys: {tenant: a}}\n"))
                .containsExactly("auth.keys: a mapping (expected: a list of {tenant, sha256})");
    }

    static List<String> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    static List<String> problems(String yaml, Map<String, String> env) {
        try {
            ConfigLoader.parse(yaml, "gateway.yaml", env);
        } catch (ConfigException e) {
            assertThat(e.source()).isEqualTo("gateway.yaml");
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    private static String provider(String extraLines) {
        return """
                providers:
                  p:
                    kind: openai
                    base_url: https://api.example.com/v1
                """
                + (extraLines.contains("models:") ? "" : "    models: [m]\n")
                + extraLines.indent(4);
    }

    private static String serverProblem(String line) {
        List<String> problems = problems("server:\n  " + line + "\n" + minimal(""));
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    private static String baseUrlProblem(String url) {
        String yaml =
                """
                providers:
                  p: {kind: openai, base_url: "%s", models: [m]}
                """
                        .formatted(url);
        List<String> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }
}
