package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.gateway.sim.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9: hostile request heads sent over a raw socket — control characters and folding in
 * headers, an over-long header block, traversal and encoded NUL in {@code /run/<id>/}, an over-long
 * run id, bad escapes in the query string — are answered with a protocol-shaped 4xx and an {@code
 * x-request-id}, and end their connection when the request cannot be trusted; none reaches the
 * upstream, another route or the admin API, and none leaves anything in the cache. The timeout is a
 * hang guard only.
 */
@Timeout(120)
class HostileHttpIT {

    private static HostileFixture fixture;
    private static GatewayStack stack;
    private static int port;

    @BeforeAll
    static void start() {
        fixture = new HostileFixture();
        stack = fixture.stack();
        port = fixture.port();
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
        RawHttp r =
                RawHttp.exchange(
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
            String first = RawHttp.readResponse(in);
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

        RawHttp r =
                RawHttp.exchange(
                        port,
                        "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nX-Custom: a\u0000b",
                        body);

        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.header("x-request-id")).isNotNull();
    }

    @Test
    void anOverLongHeaderBlockOrRequestLineIsA400ThatEndsTheConnection() {
        String chatBody = Http.chatBody("gpt-4o-mini", false);
        RawHttp header =
                RawHttp.exchange(
                        port,
                        "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nX-Big: "
                                + "b".repeat(64 * 1024),
                        chatBody);
        RawHttp line =
                RawHttp.exchange(
                        port,
                        "POST /run/"
                                + "r".repeat(16 * 1024)
                                + "/v1/chat/completions HTTP/1.1\r\nhost: x",
                        chatBody);

        for (RawHttp r : List.of(header, line)) {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            assertThat(r.header("x-request-id")).isNotNull();
        }
    }

    @Test
    void aFoldedHeaderNeverBecomesTwoHeadersUpstream() {
        RawHttp r =
                RawHttp.exchange(
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
            fixture.purgeCache();
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
            RawHttp r =
                    RawHttp.exchange(
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
        RawHttp r =
                RawHttp.exchange(
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
            fixture.purgeCache();
        } else {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(Http.json(r.body()).path("error").path("code").asText())
                    .isEqualTo("invalid_value");
        }
    }

    @Test
    void refusesAnOverLongRunIdWith400() {
        RawHttp r =
                RawHttp.exchange(
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
}
