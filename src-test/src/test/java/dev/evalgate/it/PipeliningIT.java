package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, pipelining: requests written in one go on one connection are answered in order, each
 * with its own correct answer, whatever mix of hits, misses, errors and streams they are.
 */
class PipeliningIT {

    private static GatewayStack stack;
    private static final String RUN = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        stack =
                GatewayStack.start(
                        GatewayStack.withCache("{enabled: true, namespace: pipelining}"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void mixedPipelineIsAnsweredInOrder() {
        String hit = chat("hit", false);
        String primed;
        try (RawConnection primer = RawConnection.open(stack.server().port())) {
            primed = primer.send(post(hit)).next().text();
        }
        String miss = chat("miss", false);
        String pipeline =
                post(hit)
                        + post(miss)
                        + "GET /v1/nothing-here HTTP/1.1\r\nhost: gateway\r\n\r\n"
                        + RawConnection.request(
                                "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway", "{not json")
                        + "GET /v1/models HTTP/1.1\r\nhost: gateway\r\n\r\n"
                        + post(chat("hit", true));

        try (RawConnection client = RawConnection.open(stack.server().port())) {
            client.send(pipeline);
            List<RawConnection.Response> r =
                    List.of(
                            client.next(),
                            client.next(),
                            client.next(),
                            client.next(),
                            client.next(),
                            client.next());

            assertThat(r.get(0).header("x-eval-cache")).isEqualTo("HIT");
            assertThat(r.get(0).text()).isEqualTo(primed);
            assertThat(r.get(1).header("x-eval-cache")).isEqualTo("MISS");
            assertThat(Http.json(r.get(1).text()).at("/choices/0/message/content").asText())
                    .isNotEqualTo(Http.json(primed).at("/choices/0/message/content").asText());
            assertThat(r.get(2).status()).isEqualTo(404);
            assertThat(Http.json(r.get(2).text()).at("/error/code").asText())
                    .isEqualTo("not_found");
            assertThat(r.get(3).status()).isEqualTo(400);
            assertThat(Http.json(r.get(3).text()).at("/error/code").asText())
                    .isEqualTo("invalid_json");
            assertThat(r.get(4).status()).isEqualTo(200);
            assertThat(Http.json(r.get(4).text()).get("object").asText()).isEqualTo("list");
            assertThat(r.get(5).header("x-eval-cache")).isEqualTo("HIT");
            assertThat(SlowReaderIT.streamedContent(r.get(5).text()))
                    .isEqualTo(Http.json(primed).at("/choices/0/message/content").asText());
            assertThat(r.get(5).text()).endsWith("data: [DONE]\n\n");
            Set<String> ids = new HashSet<>();
            r.forEach(response -> ids.add(response.header("x-request-id")));
            assertThat(ids).hasSize(6).doesNotContainNull();
        }
    }

    @Test
    void plainRequestPipelinedBehindAStreamWaitsForTheWholeStream() {
        String stream = chat("slow stream", true);
        String plain = chat("after the stream", false);
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            client.send(
                    RawConnection.request(
                                    "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\n"
                                            + "x-sim-chunk-delay-ms: 20",
                                    stream)
                            + post(plain));

            RawConnection.Response first = client.next();
            RawConnection.Response second = client.next();

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.chunked()).isTrue();
            assertThat(first.text()).endsWith("data: [DONE]\n\n");
            assertThat(SlowReaderIT.streamedContent(first.text())).isNotEmpty();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.header("content-type")).startsWith("application/json");
            assertThat(Http.json(second.text()).get("object").asText())
                    .isEqualTo("chat.completion");
        }
    }

    @Test
    void requestsPipelinedAfterConnectionCloseAreNeverAnsweredNorSentUpstream() {
        long before = stack.simulator().stats().requests();
        try (RawConnection client = RawConnection.open(stack.server().port())) {
            client.send(
                    post(chat("first", false))
                            + RawConnection.request(
                                    "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\n"
                                            + "connection: close",
                                    chat("closing", false))
                            + post(chat("never", false)));

            assertThat(client.next().status()).isEqualTo(200);
            RawConnection.Response closing = client.next();
            assertThat(closing.status()).isEqualTo(200);
            assertThat(closing.header("connection")).isEqualTo("close");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(stack.simulator().stats().requests()).isEqualTo(before + 2);
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

    private static String post(String body) {
        return RawConnection.request("POST /v1/chat/completions HTTP/1.1\r\nhost: gateway", body);
    }
}
