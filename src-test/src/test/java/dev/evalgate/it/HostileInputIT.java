package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.cache.redis.RedisFixture;
import dev.evalgate.gateway.server.GatewayServer;
import dev.evalgate.gateway.sim.RecordedRequest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9: hostile requests over real HTTP — deep nesting, duplicate keys, ill-formed UTF-8, huge
 * numbers, control characters in headers, traversal in {@code /run/<id>/} — are answered with a
 * protocol-shaped 4xx and an {@code x-request-id}; none reaches the upstream, another route or the
 * admin API, and none leaves anything in the cache (Redis, under a namespace of this class's own).
 * The timeout is a hang guard only.
 */
@Timeout(120)
class HostileInputIT {

    private static final String NAMESPACE =
            "hostileit-" + UUID.randomUUID().toString().substring(0, 8);

    private static GatewayStack stack;
    private static String chat;
    private static String messages;
    private static int port;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        redisClient = RedisClient.create(RedisFixture.shared());
        redis = redisClient.connect();
        stack =
                GatewayStack.start(
                        GatewayStack.withCache(
                                "\n  namespace: "
                                        + NAMESPACE
                                        + "\n  redis:\n    url: \""
                                        + RedisFixture.shared()
                                        + "\""));
        chat = stack.gatewayUrl() + "/v1/chat/completions";
        messages = stack.gatewayUrl() + "/v1/messages";
        port =
                Integer.parseInt(
                        stack.gatewayUrl().substring(stack.gatewayUrl().lastIndexOf(':') + 1));
    }

    @AfterAll
    static void stop() {
        try {
            List<String> keys = cacheKeys();
            if (!keys.isEmpty()) {
                redis.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            redis.close();
            redisClient.shutdown();
            stack.close();
        }
    }

    @BeforeEach
    void resetSimulator() {
        stack.simulator().reset();
    }

    /** Nothing a test sent reached the upstream or the cache. */
    @AfterEach
    void nothingWentUpstreamOrIntoTheCache() {
        assertThat(stack.simulator().recordedRequests()).isEmpty();
        assertThat(cacheKeys()).isEmpty();
    }

    @Test
    void refusesDeepNestingWith400InsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000);

        assertOpenAiError(
                Http.post(chat, "{\"model\":\"gpt-4o-mini\",\"messages\":" + deep),
                400,
                "invalid_json");
        assertAnthropicError(
                Http.post(
                        messages,
                        "{\"model\":\"claude-haiku-4-5\",\"x\":" + "{\"a\":".repeat(50_000)),
                400,
                "invalid_request_error");
        assertOpenAiError(
                Http.post(
                        chat,
                        "{\"model\":\"gpt-4o-mini\",\"messages\":"
                                + deep
                                + "]".repeat(100_000)
                                + "}"),
                400,
                "invalid_json");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"model\":\"gpt-4o-mini\",\"model\":\"claude-haiku-4-5\",\"messages\":[]}",
                "{\"model\":\"gpt-4o-mini\",\"mo\\u0064el\":\"sim-other\",\"messages\":[]}",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"role\":\"system\",\"content\":\"x\"}]}",
                "{\"model\":\"gpt-4o-mini\",\"stream\":false,\"stream\":true,\"messages\":[]}"
            })
    void refusesDuplicateKeysBecauseTwoReadersCouldSeeDifferentRequests(String body) {
        assertOpenAiError(Http.post(chat, body), 400, "invalid_json");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "c080", // overlong NUL
                "eda080", // an encoded surrogate
                "f4908080", // above U+10FFFF
                "ff",
                "f09f98" // a cut sequence
            })
    void refusesIllFormedUtf8With400(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"a"
                        .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bad);
        body.writeBytes("b\"}]}".getBytes(StandardCharsets.UTF_8));

        assertOpenAiError(postBytes(chat, body.toByteArray()), 400, "invalid_json");
    }

    @Test
    void refusesAByteOrderMarkWith400() {
        byte[] body =
                ("\uFEFF" + Http.chatBody("gpt-4o-mini", false)).getBytes(StandardCharsets.UTF_8);

        assertOpenAiError(postBytes(chat, body), 400, "invalid_json");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"temperature\":1e999999",
                "\"temperature\":-1e-999999",
                "\"seed\":1" + "0" + "e10000", // exponent just past the bound (1 digit, e+10001)
                "\"logit_bias\":{\"1\":1e400000}"
            })
    void refusesNumbersBeyondTheDocumentedExponentWith400ThatSaysSo(String member) {
        String body =
                Http.chatBody("gpt-4o-mini", false)
                        .replace("{\"model\"", "{" + member + ",\"model\"");

        JsonNode error = assertOpenAiError(Http.post(chat, body), 400, "invalid_json");
        assertThat(error.path("message").asText()).contains("exponent");
        // Regression: with the cache off the body was forwarded as is.
        assertOpenAiError(Http.post(chat, body, "X-Eval-Cache-Mode", "off"), 400, "invalid_json");
        // Regression: through an alias the rewrite sent it upstream as the string "Infinity".
        assertOpenAiError(
                Http.post(chat, body.replace("gpt-4o-mini", "eval/format")), 400, "invalid_json");
    }

    @Test
    void refusesAHundredThousandDigitNumberWith400ThatSaysSo() {
        String body =
                Http.chatBody("gpt-4o-mini", false)
                        .replace("{\"model\"", "{\"seed\":" + "7".repeat(100_000) + ",\"model\"");

        JsonNode error = assertOpenAiError(Http.post(chat, body), 400, "invalid_json");
        assertThat(error.path("message").asText()).containsIgnoringCase("number");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "X-Eval-Run: run\u0000x",
                "X-Eval-Pipeline: pipe\rline",
                "X-Eval-Check: a\u0001b",
                "OpenAI-Organization: org\u0000x",
                "anthropic-beta: beta\rX-Injected: 1",
                "X-Custom: v\u007f\u0000",
                "X-Custom\u0000: v",
                "X Custom: v"
            })
    void refusesControlCharactersInHeadersAndForwardsNothing(String header) {
        Raw r =
                Raw.exchange(
                        port,
                        "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\n"
                                + header,
                        Http.chatBody("gpt-4o-mini", false));

        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.header("x-request-id")).as(r.text()).isNotNull();
        assertThat(Http.json(r.body()).path("error").path("type").asText())
                .isEqualTo("invalid_request_error");
    }

    /**
     * Regression: after a request the HTTP decoder refused, a keep-alive connection stayed open
     * while the decoder discarded everything, so the client's next request waited forever.
     */
    @Test
    void aMalformedRequestEndsItsConnectionInsteadOfSwallowingTheNextRequest() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nX-Custom: a\u0000b\r\n"
                                    + "content-length: 2\r\n\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String first = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close");
            // Whatever the gateway does with the connection now, it must not leave a client
            // hanging.
            try {
                out.write(
                        ("GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closed) {
                return;
            }
            assertThat(in.read()).as("the connection ends after the 400").isEqualTo(-1);
        }
    }

    /**
     * Regression: a request refused at its headers was answered and closed at once, so the rest of
     * its body reached a closed socket and the client got a TCP reset instead of the 400.
     */
    @Test
    void aClientStillSendingItsBodyReadsThe400() {
        String body = "{\"model\":\"gpt-4o-mini\",\"pad\":\"" + "x".repeat(512 * 1024) + "\"}";

        Raw r =
                Raw.exchange(
                        port,
                        "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nX-Custom: a\u0000b",
                        body);

        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.header("x-request-id")).isNotNull();
    }

    /** Regression: like a malformed request, a body over the limit was cut off with a reset. */
    @Test
    void aClientStillSendingAnOversizedBodyReadsThe413() {
        GatewayServer small =
                stack.startGateway(
                        GatewayStack.PROVIDERS_YAML.replace(
                                        "io_threads: 2", "io_threads: 2\n  max_body_bytes: 1KiB")
                                + "cache: {enabled: false}\n");
        try {
            Raw r =
                    Raw.exchange(
                            small.port(),
                            "POST /v1/messages HTTP/1.1\r\nhost: x\r\ncontent-type: application/json",
                            "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");

            assertThat(r.status()).as(r.text()).isEqualTo(413);
            assertThat(Http.json(r.body()).path("error").path("type").asText())
                    .isEqualTo("request_too_large");
        } finally {
            small.shutdown(Duration.ofSeconds(5));
        }
    }

    /** The head of one response (through the blank line) and its content-length body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as(head.toString(StandardCharsets.ISO_8859_1)).isNotEqualTo(-1);
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return text
                + new String(in.readNBytes(Integer.parseInt(m.group(1))), StandardCharsets.UTF_8);
    }

    @Test
    void anOverLongHeaderBlockOrRequestLineIsA400ThatEndsTheConnection() {
        String chatBody = Http.chatBody("gpt-4o-mini", false);
        Raw header =
                Raw.exchange(
                        port,
                        "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nX-Big: "
                                + "b".repeat(64 * 1024),
                        chatBody);
        Raw line =
                Raw.exchange(
                        port,
                        "POST /run/"
                                + "r".repeat(16 * 1024)
                                + "/v1/chat/completions HTTP/1.1\r\nhost: x",
                        chatBody);

        for (Raw r : List.of(header, line)) {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(r.header("x-request-id")).isNotNull();
        }
    }

    @Test
    void aFoldedHeaderNeverBecomesTwoHeadersUpstream() {
        Raw r =
                Raw.exchange(
                        port,
                        "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\nOpenAI-Organization: org\r\n X-Injected: 1",
                        Http.chatBody("gpt-4o-mini", false));

        if (r.status() == 200) {
            List<RecordedRequest> upstream = stack.simulator().recordedRequests();
            assertThat(upstream).hasSize(1);
            assertThat(upstream.get(0).headers().keySet())
                    .noneMatch(name -> name.equalsIgnoreCase("x-injected"));
            assertThat(upstream.get(0).headers().values())
                    .noneMatch(v -> v.contains("\r") || v.contains("\n"));
            stack.simulator().reset();
            purgeCache();
        } else {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/run/../admin/runs",
                "/run/%2e%2e/admin/runs",
                "/run/..%2Fadmin/runs",
                "/run/a%2F..%2F..%2Fadmin/v1/chat/completions",
                "/run/a%00b/v1/chat/completions",
                "/run/./v1/chat/completions",
                "/run//v1/chat/completions",
                "/run/ok/../../admin/runs",
                "/run/ok/admin/runs",
                "/run/ok/metrics",
                "/run/ok/v1/../../admin/runs",
                "/v1/../admin/runs",
                "/v1/chat/completions/../../../admin/runs",
                "/run/ok/v1/chat/completions%00",
                "/run/ok/v1/messages/..",
            })
    void traversalInTheRunPathReachesNoOtherRoute(String path) {
        for (String method : List.of("GET", "POST")) {
            Raw r =
                    Raw.exchange(
                            port,
                            method
                                    + " "
                                    + path
                                    + " HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json",
                            Http.chatBody("gpt-4o-mini", false));

            assertThat(r.status()).as(path + "\n" + r.text()).isIn(400, 404, 405);
            assertThat(r.header("x-request-id")).as(r.text()).isNotNull();
            JsonNode body = Http.json(r.body());
            assertThat(body.path("error").path("type").asText()).as(r.text()).isNotBlank();
            assertThat(r.body()).doesNotContain("\"runs\"").doesNotContain("evalgate_");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"?a=%zz", "?a=%", "?a=%e2%82", "?%=1", "?a=%00%0d%0aX-Injected:%201"})
    void aHostileQueryStringIsRefusedOrForwardedEncoded(String query) {
        Raw r =
                Raw.exchange(
                        port,
                        "POST /v1/chat/completions"
                                + query
                                + " HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json",
                        Http.chatBody("gpt-4o-mini", false));

        assertThat(r.header("x-request-id")).as(r.text()).isNotNull();
        if (r.status() == 200) {
            List<RecordedRequest> upstream = stack.simulator().recordedRequests();
            assertThat(upstream).hasSize(1);
            assertThat(upstream.get(0).uri()).doesNotContain("\r", "\n", "\u0000");
            assertThat(upstream.get(0).headers().keySet())
                    .noneMatch(name -> name.equalsIgnoreCase("x-injected"));
            stack.simulator().reset();
            purgeCache();
        } else {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(Http.json(r.body()).path("error").path("code").asText())
                    .isEqualTo("invalid_value");
        }
    }

    @Test
    void refusesAnOverLongRunIdWith400() {
        Raw r =
                Raw.exchange(
                        port,
                        "POST /run/"
                                + "r".repeat(129)
                                + "/v1/messages HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json",
                        Http.messagesBody("claude-haiku-4-5"));

        assertThat(r.status()).as(r.text()).isEqualTo(400);
        JsonNode body = Http.json(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void aValidRequestDoesReachTheUpstreamAndTheCache() {
        assertThat(Http.post(chat, Http.chatBody("gpt-4o-mini", false)).statusCode())
                .isEqualTo(200);

        assertThat(stack.simulator().recordedRequests()).hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(cacheKeys()).isNotEmpty());
        stack.simulator().reset();
        purgeCache();
    }

    private static HttpResponse<String> postBytes(String url, byte[] body) {
        return Http.send(
                Http.request(url)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
    }

    private static JsonNode assertOpenAiError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        JsonNode error = Http.json(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        return error;
    }

    private static void assertAnthropicError(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        JsonNode body = Http.json(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo(type);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
    }

    private static List<String> cacheKeys() {
        List<String> keys = new ArrayList<>();
        ScanIterator.scan(redis.sync(), ScanArgs.Builder.matches("*" + NAMESPACE + "*").limit(500))
                .forEachRemaining(keys::add);
        return keys;
    }

    private static void purgeCache() {
        HttpResponse<String> r =
                Http.send(
                        Http.request(stack.gatewayUrl() + "/admin/cache?namespace=" + NAMESPACE)
                                .DELETE()
                                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** A response read off a raw socket: what java.net.http refuses to send. */
    private record Raw(int status, Map<String, String> headers, String body, String text) {
        static Raw exchange(int port, String head, String body) {
            String text = Http.readAll(Http.raw(port, head, body));
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as(text).isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return new Raw(
                    Integer.parseInt(lines[0].split(" ")[1]),
                    headers,
                    text.substring(end + 4),
                    text);
        }

        String header(String name) {
            return headers.get(name);
        }
    }
}
