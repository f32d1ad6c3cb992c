package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, slow readers: a client that stops reading slows the upstream down instead of filling the
 * gateway's memory, and still gets the whole answer when it reads again. The simulator writes large
 * answers only while its connection is writable, so "the simulator is blocked" means the
 * backpressure reached the upstream.
 */
class SlowReaderIT {

    /** A client receive buffer small enough that the client stops the sender soon. */
    static final int SMALL_RECEIVE_BUFFER = 16 * 1024;

    /** Reads answers with a string longer than Jackson's default 20M-character limit. */
    private static final ObjectMapper LARGE_JSON =
            new ObjectMapper(
                    JsonFactory.builder()
                            .streamReadConstraints(
                                    StreamReadConstraints.builder()
                                            .maxStringLength(100_000_000)
                                            .build())
                            .build());

    private static GatewayStack stack;
    private static GatewayStack cached;

    @BeforeAll
    static void start() {
        stack = GatewayStack.start();
        cached =
                GatewayStack.start(
                        GatewayStack.withCache("{enabled: true, namespace: slowreader}"));
    }

    @AfterAll
    static void stop() {
        stack.close();
        cached.close();
    }

    @BeforeEach
    void resetSimulator() {
        stack.simulator().reset();
        cached.simulator().reset();
    }

    @Test
    void streamToAClientThatStopsReadingBlocksTheUpstreamAndThenArrivesWhole() {
        int words = 120_000;
        double directBefore = directMemory(stack);
        try (RawConnection client =
                RawConnection.open(stack.server().port(), SMALL_RECEIVE_BUFFER)) {
            client.send(chat(words, true, "slow-stream"));

            // Paranoid leak detection makes a stream of 100k events slow to produce.
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> assertThat(stack.simulator().flow().blockedWriters()).isOne());
            long sentWhileBlocked = stack.simulator().flow().bodyBytesWritten();
            double directWhileBlocked = directMemory(stack) - directBefore;
            assertThat(stack.simulator().stats().streamsCompleted()).isZero();

            RawConnection.Response r = client.next();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.chunked()).isTrue();
            long total = r.body().length;
            System.out.printf(
                    "slow stream reader: %d bytes answer, %d sent by the upstream while the"
                            + " client read nothing, gateway direct memory +%.0f bytes%n",
                    total, sentWhileBlocked, directWhileBlocked);
            assertThat(sentWhileBlocked).isLessThan(total / 2);
            assertThat(directWhileBlocked).isLessThan(total / 4.0);
            assertThat(streamedContent(r.text()).split(" ")).hasSize(words);
            assertThat(r.text()).endsWith("data: [DONE]\n\n");
        }
        await().untilAsserted(
                        () -> assertThat(stack.simulator().stats().streamsCompleted()).isOne());
    }

    @Test
    void largePlainAnswerToAClientThatStopsReadingBlocksTheUpstreamAndThenArrivesWhole()
            throws IOException {
        int words = 4_000_000; // the simulator's largest: 27 MB
        double directBefore = directMemory(stack);
        try (RawConnection client =
                RawConnection.open(stack.server().port(), SMALL_RECEIVE_BUFFER)) {
            client.send(chat(words, false, "slow-plain"));

            await().untilAsserted(
                            () -> assertThat(stack.simulator().flow().blockedWriters()).isOne());
            long sentWhileBlocked = stack.simulator().flow().bodyBytesWritten();
            double directWhileBlocked = directMemory(stack) - directBefore;

            RawConnection.Response r = client.next();

            assertThat(r.status()).isEqualTo(200);
            long total = r.body().length;
            System.out.printf(
                    "slow plain reader: %d bytes answer, %d sent by the upstream while the client"
                            + " read nothing, gateway direct memory +%.0f bytes%n",
                    total, sentWhileBlocked, directWhileBlocked);
            assertThat(r.header("content-length")).isEqualTo(Long.toString(total));
            assertThat(sentWhileBlocked).isLessThan(total / 2);
            assertThat(directWhileBlocked).isLessThan(total / 4.0);
            JsonNode json = LARGE_JSON.readTree(r.body());
            assertThat(json.at("/choices/0/message/content").asText().split(" ")).hasSize(words);
            assertThat(json.at("/usage/completion_tokens").asInt()).isEqualTo(words);
        }
    }

    @Test
    void pipelinedCacheHitsWaitForASlowReaderInsteadOfPilingUpInMemory() {
        String request = chat(500_000, false, "slow-hits");
        RawConnection.Response first;
        try (RawConnection primer = RawConnection.open(cached.server().port())) {
            first = primer.send(request).next();
            assertThat(first.header("x-eval-cache")).isEqualTo("MISS");
        }
        int pipelined = 16;
        double hitsBefore = hits(cached);
        try (RawConnection client =
                RawConnection.open(cached.server().port(), SMALL_RECEIVE_BUFFER)) {
            client.send(request.repeat(pipelined));

            await().untilAsserted(() -> assertThat(hits(cached) - hitsBefore).isPositive());
            // While the client reads nothing, only what fits in the socket buffers (a few MB on
            // loopback) is answered: the rest waits unread, instead of 16 answers of 3.4 MB
            // piling up in the gateway (before the fix, all 16 were answered at once).
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () -> assertThat(hits(cached) - hitsBefore).isLessThan(pipelined / 2));

            for (int i = 0; i < pipelined; i++) {
                RawConnection.Response r = client.next();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("x-eval-cache")).isEqualTo("HIT");
                assertThat(r.body()).isEqualTo(first.body());
            }
        }
        assertThat(hits(cached) - hitsBefore).isEqualTo(pipelined);
        assertThat(cached.simulator().stats().requests()).isOne();
    }

    /** A chat request for an answer of {@code words} words, with a prompt unique to {@code tag}. */
    static String chat(int words, boolean stream, String tag) {
        String body =
                "{\"model\":\"gpt-4o-mini\",\"stream\":"
                        + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + tag
                        + "\"}]}";
        return RawConnection.request(
                "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\nx-sim-answer-words: "
                        + words,
                body);
    }

    /** The text of a streamed chat answer: its deltas' content, concatenated. */
    static String streamedContent(String sse) {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                text.append(Http.json(line.substring(6)).at("/choices/0/delta/content").asText());
            }
        }
        return text.toString();
    }

    static double directMemory(GatewayStack s) {
        return Metrics.value(
                Http.get(s.gatewayUrl() + "/metrics").body(),
                "evalgate_netty_direct_memory_used_bytes");
    }

    static double hits(GatewayStack s) {
        return Metrics.sum(
                Http.get(s.gatewayUrl() + "/metrics").body(),
                "evalgate_requests_total",
                "cache",
                "hit");
    }
}
