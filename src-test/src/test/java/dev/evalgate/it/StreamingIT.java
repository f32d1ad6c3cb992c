package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SSE streams are relayed event by event, and either side going away ends them cleanly. */
class StreamingIT {

    private static GatewayStack stack;
    private static String chat;

    @BeforeAll
    static void start() {
        stack = GatewayStack.start();
        chat = stack.gatewayUrl() + "/v1/chat/completions";
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void resetSimulator() {
        stack.simulator().reset();
    }

    @Test
    void relaysEachEventBeforeTheUpstreamStreamHasFinished() {
        HttpResponse<Stream<String>> response =
                Http.sendLines(
                        Http.request(chat, "X-Sim-Chunk-Delay-Ms", "200")
                                .POST(
                                        java.net.http.HttpRequest.BodyPublishers.ofString(
                                                Http.chatBody("gpt-4o-mini", true)))
                                .build());

        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            String first = nextData(it);

            assertThat(first).startsWith("data: {");
            assertThat(stack.simulator().stats().streamsCompleted()).isZero();

            List<String> rest = new ArrayList<>();
            it.forEachRemaining(rest::add);
            assertThat(rest)
                    .filteredOn(l -> l.startsWith("data:"))
                    .last()
                    .isEqualTo("data: [DONE]");
        }
        // The client can read the last event before the simulator counts the stream complete.
        await().untilAsserted(
                        () ->
                                assertThat(stack.simulator().stats().streamsCompleted())
                                        .isEqualTo(1));
    }

    @Test
    void relaysStreamHeaders() {
        HttpResponse<String> r = Http.post(chat, Http.chatBody("gpt-4o-mini", true));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(r.headers().firstValue("x-request-id"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
        assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).hasValue("10000");
        assertThat(r.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("9990000");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void cancelsTheUpstreamStreamWhenTheClientDisconnects() throws Exception {
        try (Socket socket =
                Http.raw(
                        stack.server().port(),
                        "POST /v1/chat/completions HTTP/1.1\r\n"
                                + "host: 127.0.0.1\r\n"
                                + "content-type: application/json\r\n"
                                + "x-sim-chunk-delay-ms: 200",
                        Http.chatBody("gpt-4o-mini", true))) {
            BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("data:"));
            assertThat(line).startsWith("data: {");
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            assertThat(stack.simulator().stats().streamsCancelled()).isEqualTo(1);
                            assertThat(stack.server().inFlight()).isZero();
                        });
        assertThat(stack.simulator().stats().streamsCompleted()).isZero();
    }

    @Test
    void endsTheClientStreamWhenTheUpstreamCutsItAndStaysHealthy() {
        List<String> lines =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(15),
                        () -> {
                            HttpResponse<Stream<String>> r =
                                    Http.sendLines(
                                            Http.request(chat, "X-Sim-Fault", "cut")
                                                    .POST(
                                                            java.net.http.HttpRequest.BodyPublishers
                                                                    .ofString(
                                                                            Http.chatBody(
                                                                                    "gpt-4o-mini",
                                                                                    true)))
                                                    .build());
                            List<String> seen = new ArrayList<>();
                            try (Stream<String> body = r.body()) {
                                body.forEach(seen::add);
                            } catch (UncheckedIOException e) {
                                // a cut stream may also surface as an I/O error; it ended
                            }
                            return seen;
                        });

        assertThat(lines).filteredOn(l -> l.startsWith("data: {")).isNotEmpty();
        assertThat(lines).doesNotContain("data: [DONE]");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stack.server().inFlight()).isZero());

        HttpResponse<String> next = Http.post(chat, Http.chatBody("gpt-4o-mini", false));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(Http.get(stack.gatewayUrl() + "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void relaysConcurrentStreamsEachWithItsOwnAnswer() {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            prompts.add("Question number " + i + ".");
        }
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> streams =
                new ArrayList<>();
        for (String prompt : prompts) {
            streams.add(
                    Http.CLIENT.sendAsync(
                            Http.request(chat, "X-Sim-Chunk-Delay-Ms", "10")
                                    .POST(
                                            java.net.http.HttpRequest.BodyPublishers.ofString(
                                                    Http.chatBody("gpt-4o-mini", true)
                                                            .replace("Hello there.", prompt)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }

        for (int i = 0; i < prompts.size(); i++) {
            String plain =
                    Http.json(
                                    Http.post(
                                                    chat,
                                                    Http.chatBody("gpt-4o-mini", false)
                                                            .replace(
                                                                    "Hello there.", prompts.get(i)))
                                            .body())
                            .at("/choices/0/message/content")
                            .asText();
            HttpResponse<String> streamed = streams.get(i).join();
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(contentOf(streamed.body())).isEqualTo(plain);
        }
        assertThat(stack.simulator().stats().streamsCompleted()).isEqualTo(prompts.size());
    }

    private static String contentOf(String sse) {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                text.append(
                        Http.json(line.substring("data: ".length()))
                                .at("/choices/0/delta/content")
                                .asText(""));
            }
        }
        return text.toString();
    }

    private static String nextData(Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:")) {
                return line;
            }
        }
        throw new AssertionError("the stream ended without a data event");
    }
}
