package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.evalgate.cache.redis.RedisFixture;
import dev.evalgate.gateway.auth.Authenticator;
import dev.evalgate.gateway.config.ConfigException;
import dev.evalgate.gateway.config.ConfigLoader;
import dev.evalgate.gateway.server.GatewayServer;
import dev.evalgate.gateway.sim.RecordedRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 9: no secret — upstream keys, a provider header token, the gateway key, a wrong gateway key
 * and a passthrough client key — appears in anything the gateway wrote during a varied run: its log
 * events at DEBUG (message, arguments, MDC, throwables), its {@code /metrics}, every response
 * header and body a client received (errors and admin reports included) and every Redis entry.
 */
class SecretsIT {

    private final String upstreamKey = secret("sk-upstream-SECRET-");
    private final String anthropicKey = secret("sk-ant-upstream-SECRET-");
    private final String headerToken = secret("hdr-token-SECRET-");
    private final String gatewayKey = secret("eg-gateway-SECRET-");
    private final String wrongKey = secret("eg-wrong-SECRET-");
    private final String clientKey = secret("sk-client-SECRET-");
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String namespace = "secretsit-" + tag;
    private final String run = "secretsit-run-" + tag;

    /** Every response a client received: status, headers and body. */
    private final StringBuilder received = new StringBuilder();

    private int responses;

    private static String secret(String prefix) {
        return prefix + UUID.randomUUID();
    }

    private String yaml() {
        return """
                server: {host: 127.0.0.1, port: 0, io_threads: 2}
                providers:
                  sim:
                    kind: openai
                    base_url: ${EVALGATE_SIMULATOR_URL}
                    api_key: ${SECRETS_IT_OPENAI_KEY}
                    headers:
                      x-upstream-token: ${SECRETS_IT_HEADER_TOKEN}
                    models: [gpt-4o-mini, sim-*, gpt-*, text-embedding-*]
                  sim-anthropic:
                    kind: anthropic
                    base_url: ${EVALGATE_SIMULATOR_URL}
                    api_key: ${SECRETS_IT_ANTHROPIC_KEY}
                    models: [claude-haiku-4-5, claude-*]
                auth:
                  keys:
                    - tenant: team-secrets
                      sha256: "sha256:%s"
                %s"""
                .formatted(Authenticator.sha256Hex(gatewayKey), cache(namespace));
    }

    private static String cache(String ns) {
        return "cache:\n  namespace: "
                + ns
                + "\n  redis:\n    url: \""
                + RedisFixture.shared()
                + "\"\n";
    }

    @Test
    void noSecretAppearsInLogsMetricsResponsesOrRedis() throws ConfigException {
        Map<String, String> env =
                Map.of(
                        "SECRETS_IT_OPENAI_KEY", upstreamKey,
                        "SECRETS_IT_ANTHROPIC_KEY", anthropicKey,
                        "SECRETS_IT_HEADER_TOKEN", headerToken);
        Map<String, String> captured = new LinkedHashMap<>();
        List<String> logLines;
        List<RecordedRequest> upstream;
        int redisKeys;
        try (LogCapture logs = new LogCapture();
                GatewayStack stack =
                        GatewayStack.start(yaml(), env, Clock.systemUTC(), Duration.ofSeconds(1))) {
            // What ServeCommand prints before it starts a server (GatewayStack starts it directly).
            Map<String, String> all = new LinkedHashMap<>(env);
            all.put("EVALGATE_SIMULATOR_URL", stack.simulator().baseUrl().toString());
            all.put("EVALGATE_CLOSED_URL", "http://127.0.0.1:9/v1");
            LoggerFactory.getLogger("dev.evalgate.gateway.cli.ServeCommand")
                    .info(
                            "effective config: {}",
                            ConfigLoader.describe(ConfigLoader.parse(yaml(), "test.yaml", all)));
            GatewayServer passthrough =
                    stack.startGateway(GatewayStack.PROVIDERS_YAML + cache(namespace + "-pt"));
            try {
                driveGatewayKeyRun(stack.gatewayUrl());
                drivePassthroughRun("http://127.0.0.1:" + passthrough.port());
                awaitRunReport(stack.gatewayUrl());
                admin(stack.gatewayUrl());
                captured.put("metrics", get(stack.gatewayUrl() + "/metrics").body());
                captured.put(
                        "passthrough metrics",
                        get("http://127.0.0.1:" + passthrough.port() + "/metrics").body());
                captured.put("responses", received.toString());
                // Read only, every key of the shared Redis (not just this test's namespace, run and
                // ledger keys): no secret of this test may be anywhere in it. The gateway's
                // in-process L1 is not reachable from here; it holds the same envelopes as Redis.
                RedisDump.Dump redis = RedisDump.all(RedisFixture.shared());
                redisKeys = redis.keys();
                captured.put("redis", redis.text());
                upstream = stack.simulator().recordedRequests();
            } finally {
                purge(stack.gatewayUrl(), namespace);
                purge(stack.gatewayUrl(), namespace + "-pt");
                passthrough.shutdown(Duration.ofSeconds(5));
            }
            logLines = logs.lines();
        }
        // Shutdown's lines too: the capture closes after the stack.
        captured.put("logs", String.join("\n", logLines));

        // The secrets reached where they must, so the grep below can fail.
        assertThat(upstream)
                .anySatisfy(
                        r ->
                                assertThat(r.header("authorization"))
                                        .isEqualTo("Bearer " + upstreamKey))
                .anySatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo(anthropicKey))
                .anySatisfy(r -> assertThat(r.header("x-upstream-token")).isEqualTo(headerToken))
                .anySatisfy(
                        r ->
                                assertThat(r.header("authorization"))
                                        .isEqualTo("Bearer " + clientKey));
        // And the captures are not empty: the run id and namespace are in them.
        assertThat(captured.get("logs")).contains(run).contains("effective config");
        assertThat(captured.get("metrics")).contains("evalgate_requests_total");
        assertThat(captured.get("redis")).contains(run).contains(namespace);
        assertThat(captured.get("responses")).contains(run);

        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, String> source : captured.entrySet()) {
            for (String secret :
                    List.of(
                            upstreamKey,
                            anthropicKey,
                            headerToken,
                            gatewayKey,
                            wrongKey,
                            clientKey)) {
                String uuid = secret.substring(secret.lastIndexOf("SECRET-") + "SECRET-".length());
                soft.assertThat(source.getValue())
                        .as(source.getKey() + " holds " + secret)
                        .doesNotContain(secret)
                        .doesNotContain("Bearer " + secret)
                        .doesNotContain(uuid);
            }
        }
        long bytes = captured.values().stream().mapToLong(String::length).sum();
        System.out.printf(
                "SecretsIT scanned %d log lines, %d responses, %d Redis keys, %d characters in all%n",
                logLines.size(), responses, redisKeys, bytes);
        soft.assertAll();
    }

    /** Gateway-key mode: every kind of call, a cache hit, upstream errors, client errors. */
    private void driveGatewayKeyRun(String base) {
        String bearer = "Bearer " + gatewayKey;
        String runBase = base + "/run/" + run + "/v1";
        String chat = Http.chatBody("gpt-4o-mini", false).replace("Hello there.", "Hello " + tag);
        expect(
                200,
                post(
                        runBase + "/chat/completions",
                        chat,
                        "Authorization",
                        bearer,
                        "X-Eval-Pipeline",
                        "secretsit-" + tag));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                post(
                                                                runBase + "/chat/completions",
                                                                chat,
                                                                "Authorization",
                                                                bearer)
                                                        .headers()
                                                        .firstValue("x-eval-cache"))
                                        .hasValue("HIT"));
        expect(
                200,
                post(
                        runBase + "/chat/completions",
                        Http.chatBody("gpt-4o-mini", true),
                        "Authorization",
                        bearer));
        expect(
                200,
                post(
                        runBase + "/messages",
                        Http.messagesBody("claude-haiku-4-5"),
                        "x-api-key",
                        gatewayKey,
                        "anthropic-version",
                        "2023-06-01"));
        expect(
                200,
                post(
                        runBase + "/embeddings",
                        "{\"model\":\"text-embedding-3-small\",\"input\":\"secrets " + tag + "\"}",
                        "Authorization",
                        bearer));
        for (String fault : List.of("500", "429")) {
            HttpResponse<String> r =
                    post(
                            runBase + "/chat/completions",
                            Http.chatBody("gpt-4o-mini", false)
                                    .replace("Hello there.", fault + tag),
                            "Authorization",
                            bearer,
                            "X-Sim-Fault",
                            fault);
            assertThat(r.statusCode()).as(r.body()).isGreaterThanOrEqualTo(400);
        }
        expect(
                400,
                post(
                        runBase + "/chat/completions",
                        "{\"model\": not json",
                        "Authorization",
                        bearer));
        expect(
                401,
                post(runBase + "/chat/completions", chat, "Authorization", "Bearer " + wrongKey));
        expect(
                401,
                post(
                        runBase + "/messages",
                        Http.messagesBody("claude-haiku-4-5"),
                        "x-api-key",
                        wrongKey,
                        "anthropic-version",
                        "2023-06-01"));
        expect(401, post(runBase + "/chat/completions", chat));
    }

    /** Passthrough mode: the client's own key goes upstream, on a hit, a stream and an error. */
    private void drivePassthroughRun(String base) {
        String bearer = "Bearer " + clientKey;
        String runBase = base + "/run/" + run + "-pt/v1";
        String chat =
                Http.chatBody("gpt-4o-mini", false).replace("Hello there.", "Passthrough " + tag);
        expect(200, post(runBase + "/chat/completions", chat, "Authorization", bearer));
        expect(
                200,
                post(
                        runBase + "/chat/completions",
                        Http.chatBody("gpt-4o-mini", true).replace("Hello there.", "pt " + tag),
                        "Authorization",
                        bearer));
        HttpResponse<String> error =
                post(
                        runBase + "/chat/completions",
                        chat.replace("Passthrough", "Failing"),
                        "Authorization",
                        bearer,
                        "X-Sim-Fault",
                        "500");
        assertThat(error.statusCode()).isGreaterThanOrEqualTo(500);
        expect(400, post(runBase + "/chat/completions", "[", "Authorization", bearer));
        get(base + "/admin/runs/" + run + "-pt");
    }

    private void awaitRunReport(String base) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> {
                            HttpResponse<String> r =
                                    get(
                                            base + "/admin/runs/" + run,
                                            "Authorization",
                                            "Bearer " + gatewayKey);
                            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                            assertThat(Http.json(r.body()).path("calls").asLong())
                                    .as(r.body())
                                    .isGreaterThanOrEqualTo(4);
                        });
    }

    private void admin(String base) {
        String bearer = "Bearer " + gatewayKey;
        for (String path :
                List.of(
                        "/admin/runs/" + run,
                        "/admin/runs/" + run + "/manifest",
                        "/admin/runs?pipeline=secretsit-" + tag,
                        "/admin/cache/stats",
                        "/admin/ratio",
                        "/admin/providers",
                        "/healthz",
                        "/readyz")) {
            expect(200, get(base + path, "Authorization", bearer));
        }
    }

    private void purge(String base, String ns) {
        record(
                Http.send(
                        Http.request(
                                        base + "/admin/cache?namespace=" + ns,
                                        "Authorization",
                                        "Bearer " + gatewayKey)
                                .DELETE()
                                .build()));
    }

    private HttpResponse<String> post(String url, String body, String... headers) {
        return record(Http.post(url, body, headers));
    }

    private HttpResponse<String> get(String url, String... headers) {
        return record(Http.get(url, headers));
    }

    private synchronized HttpResponse<String> record(HttpResponse<String> r) {
        responses++;
        received.append(r.request().uri()).append(' ').append(r.statusCode()).append('\n');
        r.headers()
                .map()
                .forEach(
                        (name, values) ->
                                received.append(name).append(": ").append(values).append('\n'));
        received.append(r.body()).append("\n\n");
        return r;
    }

    private static void expect(int status, HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.request().uri() + " " + r.body()).isEqualTo(status);
    }
}
