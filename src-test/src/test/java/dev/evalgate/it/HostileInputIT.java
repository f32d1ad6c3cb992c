package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.gateway.server.GatewayServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9: hostile request bodies over real HTTP — deep nesting, duplicate keys, ill-formed UTF-8,
 * a byte order mark, huge numbers, an oversized body still being sent — are answered with a
 * protocol-shaped 4xx and an {@code x-request-id}; none reaches the upstream or leaves anything in
 * the cache. Hostile heads (headers, paths, query strings) are {@link HostileHttpIT}'s. The timeout
 * is a hang guard only.
 */
@Timeout(120)
class HostileInputIT {

    private static HostileFixture fixture;
    private static GatewayStack stack;
    private static String chat;
    private static String messages;

    @BeforeAll
    static void start() {
        fixture = new HostileFixture();
        stack = fixture.stack();
        chat = stack.gatewayUrl() + "/v1/chat/completions";
        messages = stack.gatewayUrl() + "/v1/messages";
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void resetSimulator() {
        stack.simulator().reset();
    }

    /** Nothing a test sent reached the upstream or the cache. */
    @AfterEach
    void nothingWentUpstreamOrIntoTheCache() {
        fixture.assertNothingUpstreamOrCached();
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

    /** Regression: like a malformed request, a body over the limit was cut off with a reset. */
    @Test
    void aClientStillSendingAnOversizedBodyReadsThe413() {
        GatewayServer small =
                stack.startGateway(
                        GatewayStack.PROVIDERS_YAML.replace(
                                        "io_threads: 2", "io_threads: 2\n  max_body_bytes: 1KiB")
                                + "cache: {enabled: false}\n");
        try {
            RawHttp r =
                    RawHttp.exchange(
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

    @Test
    void aValidRequestDoesReachTheUpstreamAndTheCache() {
        assertThat(Http.post(chat, Http.chatBody("gpt-4o-mini", false)).statusCode())
                .isEqualTo(200);

        assertThat(stack.simulator().recordedRequests()).hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(fixture.cacheKeys()).isNotEmpty());
        stack.simulator().reset();
        fixture.purgeCache();
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
}
