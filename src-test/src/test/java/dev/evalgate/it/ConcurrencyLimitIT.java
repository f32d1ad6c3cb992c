package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.evalgate.gateway.sim.SimStats;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's {@code max_concurrency} holds the upstream to that many calls at once, however many
 * clients arrive together; the rest wait in a FIFO queue (issue 4) and say how long in {@code
 * X-Eval-Queue-Ms}, and beyond {@code max_queue} they are refused at once with a 503 {@code
 * overloaded}. The simulator's in-flight high-water mark is the proof: no sampling.
 */
class ConcurrencyLimitIT {

    static final int LIMIT = 4;

    private GatewayStack stack;

    private void start(String limits) {
        stack =
                GatewayStack.start(
                        """
                        server:
                          host: 127.0.0.1
                          port: 0
                          io_threads: 2
                        providers:
                          lim:
                            kind: openai
                            base_url: ${EVALGATE_SIMULATOR_URL}
                            models: [gpt-*]
                        """
                                + "    "
                                + limits
                                + "\ncache: {enabled: false}\n");
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void keepsAtMostMaxConcurrencyCallsUpstreamWhileTwoHundredClientsWait() {
        start("max_concurrency: " + LIMIT);
        int clients = 200;

        List<HttpResponse<String>> answers =
                sendAll(
                        IntStream.range(0, clients)
                                .mapToObj(i -> chat("concurrent prompt " + i, 200))
                                .toList());

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(answers)
                .filteredOn(r -> r.headers().firstValue("x-eval-queue-ms").isPresent())
                .isNotEmpty()
                .allSatisfy(
                        r ->
                                assertThat(
                                                Long.parseLong(
                                                        r.headers()
                                                                .firstValue("x-eval-queue-ms")
                                                                .orElseThrow()))
                                        .isNotNegative());
        SimStats stats = stack.simulator().stats();
        assertThat(stats.requests()).isEqualTo(clients);
        assertThat(stats.maxInFlight()).isPositive().isLessThanOrEqualTo(LIMIT);
    }

    @Test
    void refusesRequestsBeyondTheQueueAtOnceWithOverloadedAndRetryAfter() {
        start("max_concurrency: " + LIMIT + "\n    max_queue: 2");
        // Four calls upstream and two in the queue, held by the simulator's latency.
        List<CompletableFuture<HttpResponse<String>>> admitted =
                IntStream.range(0, LIMIT + 2)
                        .mapToObj(i -> sendAsync(chat("admitted " + i, 5_000)))
                        .toList();
        await().atMost(Duration.ofSeconds(4))
                .untilAsserted(
                        () -> {
                            assertThat(stack.simulator().stats().inFlight()).isEqualTo(LIMIT);
                            assertThat(Http.get(stack.gatewayUrl() + "/metrics").body())
                                    .containsPattern(
                                            "(?m)^evalgate_upstream_queued\\{[^}]*provider=\"lim\"[^}]*\\} 2\\.0$");
                        });

        List<HttpResponse<String>> refused =
                sendAll(
                        IntStream.range(0, 20 - admitted.size())
                                .mapToObj(i -> chat("refused " + i, 0))
                                .toList());

        assertThat(refused)
                .allSatisfy(
                        r -> {
                            assertThat(r.statusCode()).isEqualTo(503);
                            assertThat(r.headers().firstValue("retry-after")).isPresent();
                            assertThat(Http.json(r.body()).path("error").path("code").asText())
                                    .isEqualTo("overloaded");
                        });
        List<HttpResponse<String>> served =
                admitted.stream().map(f -> f.orTimeout(30, TimeUnit.SECONDS).join()).toList();
        assertThat(served).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(served)
                .filteredOn(r -> r.headers().firstValue("x-eval-queue-ms").isPresent())
                .hasSize(2);
        assertThat(stack.simulator().stats().requests()).isEqualTo(LIMIT + 2);
        assertThat(stack.simulator().stats().maxInFlight()).isEqualTo(LIMIT);
    }

    private HttpRequest chat(String prompt, int latencyMs) {
        String body =
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + prompt
                        + "\"}]}";
        return Http.request(
                        stack.gatewayUrl() + "/v1/chat/completions",
                        "X-Sim-Latency-Ms",
                        Integer.toString(latencyMs))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return Http.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends every request at once and waits for all answers; none may hang. */
    private static List<HttpResponse<String>> sendAll(List<HttpRequest> requests) {
        List<CompletableFuture<HttpResponse<String>>> futures =
                requests.stream().map(ConcurrencyLimitIT::sendAsync).toList();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
