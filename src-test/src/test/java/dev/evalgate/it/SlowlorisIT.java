package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, slowloris and idle clients: a request must arrive whole within {@code
 * server.request_read_timeout} of its first byte (else 408 and close), an idle connection closes
 * after {@code server.idle_timeout}, and so does one whose client reads none of its answer — with
 * short timeouts configured so nothing waits long.
 */
class SlowlorisIT {

    private static GatewayStack stack;

    @BeforeAll
    static void start() {
        stack =
                GatewayStack.start(
                        GatewayStack.DEFAULT_YAML.replace(
                                "  io_threads: 2\n",
                                "  io_threads: 2\n"
                                        + "  request_read_timeout: 500ms\n"
                                        + "  idle_timeout: 1s\n"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void headersThatNeverFinishGet408AndTheConnectionCloses() {
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            client.send("POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\nx-slow: 1");

            RawConnection.Response r = client.next();

            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("connection")).isEqualTo("close");
            JsonNode error = Http.json(r.text()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("request_timeout");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.get("message").asText()).contains("server.request_read_timeout");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void unfinishedAnthropicRequestGetsAnAnthropicShaped408() {
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            client.send("POST /v1/messages HTTP/1.1\r\nhost: gateway\r\n");

            RawConnection.Response r = client.next();

            assertThat(r.status()).isEqualTo(408);
            JsonNode json = Http.json(r.text());
            assertThat(json.get("type").asText()).isEqualTo("error");
            assertThat(json.at("/error/type").asText()).isEqualTo("invalid_request_error");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void bodyThatNeverFinishesGets408AndNothingGoesUpstream() {
        long before = stack.simulator().stats().requests();
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            client.send(
                    "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\n"
                            + "content-type: application/json\r\ncontent-length: 500\r\n\r\n"
                            + "{\"model\":\"gpt-4o-mini\",");

            RawConnection.Response r = client.next();

            assertThat(r.status()).isEqualTo(408);
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(stack.simulator().stats().requests()).isEqualTo(before);
    }

    @Test
    void idleConnectionsAreClosedWithoutAResponse() {
        try (RawConnection silent = RawConnection.open(stack.server().port());
                RawConnection kept = RawConnection.open(stack.server().port())) {
            RawConnection.Response r =
                    kept.send(
                                    "GET /v1/models HTTP/1.1\r\nhost: gateway\r\n"
                                            + "connection: keep-alive\r\n\r\n")
                            .next();
            assertThat(r.status()).isEqualTo(200);

            // Both see end of stream, not a byte: an idle connection is closed quietly.
            assertThat(silent.closedByPeer()).isTrue();
            assertThat(kept.closedByPeer()).isTrue();
        }
    }

    @Test
    void manySlowlorisConnectionsDoNotStopOthersAndAllEnd() {
        List<RawConnection> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                slow.add(
                        RawConnection.open(stack.server().port())
                                .send("POST /v1/chat/completions HTTP/1.1\r\nhost: g\r\n"));
            }
            for (int i = 0; i < 50; i++) {
                slow.add(RawConnection.open(stack.server().port()));
            }

            var ok =
                    Http.post(
                            stack.gatewayUrl() + "/v1/chat/completions",
                            Http.chatBody("gpt-4o-mini", false));

            assertThat(ok.statusCode()).isEqualTo(200);
            for (int i = 0; i < 200; i++) {
                assertThat(slow.get(i).next().status()).isEqualTo(408);
            }
            for (RawConnection c : slow) {
                assertThat(c.closedByPeer()).isTrue();
            }
        } finally {
            slow.forEach(RawConnection::close);
        }
        await().untilAsserted(() -> assertThat(stack.server().inFlight()).isZero());
    }

    @Test
    void clientThatReadsNoneOfItsStreamIsClosedAndTheUpstreamCallCancelled() {
        long cancelledBefore = stack.simulator().flow().exchangesCancelled();
        try (RawConnection client =
                RawConnection.open(stack.server().port(), SlowReaderIT.SMALL_RECEIVE_BUFFER)) {
            client.send(SlowReaderIT.chat(60_000, true, "never-read"));

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () ->
                                    assertThat(stack.simulator().flow().exchangesCancelled())
                                            .isGreaterThan(cancelledBefore));
        }
        await().untilAsserted(() -> assertThat(stack.server().inFlight()).isZero());
        assertThat(stack.simulator().stats().streamsCompleted()).isZero();
    }
}
