package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: no new connections, but a stream in flight finishes in full. */
class ShutdownIT {

    @Test
    void finishesTheStreamInFlightAndRefusesNewConnections() {
        try (GatewayStack stack = GatewayStack.start()) {
            String body = Http.chatBody("gpt-4o-mini", true);
            String expected =
                    Http.json(
                                    Http.post(
                                                    stack.simulator().baseUrl()
                                                            + "/chat/completions",
                                                    Http.chatBody("gpt-4o-mini", false))
                                            .body())
                            .at("/choices/0/message/content")
                            .asText();
            int port = stack.server().port();
            HttpResponse<Stream<String>> response =
                    Http.sendLines(
                            Http.request(
                                            stack.gatewayUrl() + "/v1/chat/completions",
                                            "X-Sim-Chunk-Delay-Ms",
                                            "100")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build());
            List<String> data = new ArrayList<>();
            CompletableFuture<Void> shutdown;
            try (Stream<String> lines = response.body()) {
                Iterator<String> it = lines.iterator();
                String first = it.next();
                assertThat(first).startsWith("data: {");
                data.add(first);

                shutdown =
                        CompletableFuture.runAsync(
                                () -> stack.server().shutdown(Duration.ofSeconds(20)));
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(
                                () ->
                                        assertThatThrownBy(() -> connect(port))
                                                .isInstanceOf(ConnectException.class));
                assertThat(shutdown).isNotDone();

                it.forEachRemaining(
                        line -> {
                            if (line.startsWith("data:")) {
                                data.add(line);
                            }
                        });
            }

            assertThat(data).last().isEqualTo("data: [DONE]");
            assertThat(contentOf(data)).isEqualTo(expected);
            await().atMost(Duration.ofSeconds(25)).until(shutdown::isDone);
            assertThat(shutdown).isCompleted();
            assertThat(stack.server().inFlight()).isZero();
        }
    }

    private static void connect(int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        }
    }

    private static String contentOf(List<String> data) {
        StringBuilder text = new StringBuilder();
        for (String line : data) {
            if (!line.equals("data: [DONE]")) {
                text.append(
                        Http.json(line.substring("data: ".length()))
                                .at("/choices/0/delta/content")
                                .asText(""));
            }
        }
        return text.toString();
    }
}
