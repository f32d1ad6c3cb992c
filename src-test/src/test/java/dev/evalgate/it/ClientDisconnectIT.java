package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, disconnects at every stage: during the request headers, mid-body, while the upstream
 * thinks (plain and streamed), mid-response. After each, the upstream call is cancelled where there
 * was one (the simulator sees its connection close), nothing partial is cached, the in-flight
 * gauges return to zero, the gateway serves the next request, and (LeakGuard) no buffer leaked.
 */
class ClientDisconnectIT {

    private static GatewayStack stack;
    private static final String RUN = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        stack =
                GatewayStack.start(
                        GatewayStack.withCache("{enabled: true, namespace: disconnect}"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void leavingDuringTheHeadersCostsNothing(boolean reset) {
        long upstream = stack.simulator().stats().requests();
        RawConnection client = RawConnection.open(stack.server().port());
        client.send("POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\ncontent-ty");

        client.abort(reset);

        assertIdleAndServing();
        assertThat(stack.simulator().stats().requests()).isEqualTo(upstream + 1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void leavingMidBodyCostsNothing(boolean reset) {
        long upstream = stack.simulator().stats().requests();
        RawConnection client = RawConnection.open(stack.server().port());
        client.send(
                "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\n"
                        + "content-type: application/json\r\ncontent-length: 4000\r\n\r\n"
                        + "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"");

        client.abort(reset);

        assertIdleAndServing();
        assertThat(stack.simulator().stats().requests()).isEqualTo(upstream + 1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void leavingWhileTheUpstreamThinksCancelsTheUpstreamCallAndStoresNothing(boolean stream) {
        String body = chat("thinking " + stream, stream);
        long cancelled = stack.simulator().flow().exchangesCancelled();
        RawConnection client = RawConnection.open(stack.server().port());
        client.send(request(body, "x-sim-latency-ms: 60000"));
        await().untilAsserted(() -> assertThat(stack.simulator().stats().inFlight()).isOne());

        client.abort(false);

        await().untilAsserted(
                        () ->
                                assertThat(stack.simulator().flow().exchangesCancelled())
                                        .isEqualTo(cancelled + 1));
        assertThat(stack.simulator().stats().inFlight()).isZero();
        assertIdleAndServing();
        assertNotCached(body);
    }

    @Test
    void leavingMidStreamCancelsTheUpstreamStreamAndStoresNothing() {
        String body = chat("mid-stream", true);
        long cancelled = stack.simulator().stats().streamsCancelled();
        RawConnection client = RawConnection.open(stack.server().port());
        client.send(request(body, "x-sim-chunk-delay-ms: 100"));
        // The head and the first event or two: the answer has begun.
        assertThat(new String(client.read(200), java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("HTTP/1.1 200");

        client.abort(true);

        await().untilAsserted(
                        () ->
                                assertThat(stack.simulator().stats().streamsCancelled())
                                        .isEqualTo(cancelled + 1));
        assertThat(stack.simulator().stats().streamsCompleted()).isZero();
        assertIdleAndServing();
        assertNotCached(body);
    }

    @Test
    void leavingMidLargePlainAnswerCancelsTheUpstreamAndStoresNothing() {
        String body = chat("mid-plain", false);
        long cancelled = stack.simulator().flow().exchangesCancelled();
        RawConnection client = RawConnection.open(stack.server().port(), 16 * 1024);
        client.send(request(body, "x-sim-answer-words: 2000000"));
        assertThat(new String(client.read(200), java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("HTTP/1.1 200");

        client.abort(false);

        await().untilAsserted(
                        () ->
                                assertThat(stack.simulator().flow().exchangesCancelled())
                                        .isEqualTo(cancelled + 1));
        assertIdleAndServing();
        assertNotCached(body);
    }

    /**
     * The in-flight gauges are back to zero and an ordinary request is answered. ({@code
     * evalgate_inflight} counts the scrape itself, so the server's own count is read instead.)
     */
    private static void assertIdleAndServing() {
        await().untilAsserted(() -> assertThat(stack.server().inFlight()).isZero());
        await().untilAsserted(
                        () -> {
                            String metrics = Http.get(stack.gatewayUrl() + "/metrics").body();
                            assertThat(Metrics.value(metrics, "evalgate_cache_inflight")).isZero();
                            assertThat(
                                            Metrics.sum(
                                                    metrics,
                                                    "evalgate_upstream_inflight",
                                                    null,
                                                    null))
                                    .isZero();
                        });
        HttpResponse<String> next =
                Http.post(
                        stack.gatewayUrl() + "/v1/chat/completions",
                        chat("next " + UUID.randomUUID(), false));
        assertThat(next.statusCode()).isEqualTo(200);
    }

    /** The same request now goes upstream: the abandoned answer was not stored. */
    private static void assertNotCached(String body) {
        HttpResponse<String> again = Http.post(stack.gatewayUrl() + "/v1/chat/completions", body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("x-eval-cache")).hasValue("MISS");
    }

    private static String chat(String tag, boolean stream) {
        return "{\"model\":\"gpt-4o-mini\",\"stream\":"
                + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + tag
                + " "
                + RUN
                + "\"}]}";
    }

    private static String request(String body, String header) {
        return RawConnection.request(
                "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\n" + header, body);
    }
}
