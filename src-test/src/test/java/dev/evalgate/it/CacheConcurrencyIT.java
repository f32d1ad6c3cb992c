package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Identical requests in flight at once share one upstream call (single-flight), streamed or not,
 * and a leader that fails lets its followers go upstream instead of leaving them waiting.
 */
class CacheConcurrencyIT {

    static final int CLIENTS = 64;

    private static GatewayStack stack;
    private String tag;

    @BeforeAll
    static void start() {
        stack =
                GatewayStack.start(
                        GatewayStack.withCache("{enabled: true, namespace: concurrency}"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void uniquePrompt() {
        tag = "c" + UUID.randomUUID();
        stack.simulator().reset();
    }

    @Test
    void sendsSixtyFourIdenticalRequestsUpstreamOnce() {
        List<HttpResponse<String>> responses =
                sendAll(
                        stack.gatewayUrl() + "/v1/chat/completions",
                        CacheSuite.chat(tag, false),
                        CLIENTS,
                        "x-sim-latency-ms",
                        "300");

        assertThat(stack.simulator().stats().requests()).isEqualTo(1);
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(outcomeCounts(responses)).containsEntry("MISS", 1L);
        assertThat(outcomeCounts(responses).keySet()).isSubsetOf("MISS", "COALESCED", "HIT");
        assertThat(responses).extracting(HttpResponse::body).containsOnly(responses.get(0).body());
        assertThat(responses)
                .extracting(CacheIT::keyOf)
                .containsOnly(CacheIT.keyOf(responses.get(0)));
    }

    @Test
    void relaysOneUpstreamStreamToEveryFollowerComplete() {
        String path = "/v1/chat/completions";
        List<HttpResponse<String>> responses =
                sendAll(
                        stack.gatewayUrl() + path,
                        CacheSuite.chat(tag, true),
                        CLIENTS,
                        "x-sim-latency-ms",
                        "300",
                        "x-sim-chunk-delay-ms",
                        "5");

        assertThat(stack.simulator().stats().requests()).isEqualTo(1);
        assertThat(stack.simulator().stats().streamsCompleted()).isEqualTo(1);
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(outcomeCounts(responses)).containsEntry("MISS", 1L);
        assertThat(outcomeCounts(responses).keySet()).isSubsetOf("MISS", "COALESCED", "HIT");
        String text = CacheSuite.streamedText(path, responses.get(0).body());
        assertThat(text).isNotBlank();
        assertThat(responses)
                .allSatisfy(
                        r -> {
                            assertThat(r.headers().firstValue("content-type"))
                                    .hasValueSatisfying(
                                            v -> assertThat(v).startsWith("text/event-stream"));
                            assertThat(CacheSuite.streamedText(path, r.body())).isEqualTo(text);
                        });
    }

    @Test
    void releasesFollowersOfAFailedLeaderToGoUpstreamThemselves() throws Exception {
        try (GatedUpstream gated = GatedUpstream.start();
                GatewayStack gatedStack =
                        GatewayStack.start(
                                GatewayStack.PROVIDERS_YAML.replace(
                                                "providers:\n",
                                                "providers:\n"
                                                        + "  gated:\n"
                                                        + "    kind: openai\n"
                                                        + "    base_url: "
                                                        + gated.baseUrl()
                                                        + "\n"
                                                        + "    models: [gated-model]\n")
                                        + "cache: {enabled: true, namespace: gated}\n")) {
            String run = "gated-" + tag;
            String url = gatedStack.gatewayUrl() + "/run/" + run + "/v1/chat/completions";
            String body = CacheSuite.chat(tag, false).replace("gpt-4o-mini", "gated-model");

            CompletableFuture<HttpResponse<String>> leader = sendAsync(url, body);
            await().atMost(Duration.ofSeconds(10)).until(() -> gated.requests() == 1);
            List<CompletableFuture<HttpResponse<String>>> followers = new ArrayList<>();
            for (int i = 1; i < CLIENTS; i++) {
                followers.add(sendAsync(url, body));
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> gatedStack.server().inFlight() == CLIENTS);
            gated.open();

            CompletableFuture.allOf(followers.toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
            assertThat(leader.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
            List<HttpResponse<String>> answers = followers.stream().map(f -> f.join()).toList();
            assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200);
            assertThat(answers)
                    .extracting(r -> CacheSuite.plainText("/v1/chat/completions", r.body()))
                    .containsOnly("After the gate.");
            assertThat(gated.requests()).isEqualTo(2);
            assertThat(outcomeCounts(answers)).containsEntry("MISS", 1L);
            // Released followers join the new leader's flight (COALESCED), or, arriving after it
            // stored its answer, find that answer in the cache (HIT).
            assertThat(outcomeCounts(answers).keySet()).isSubsetOf("MISS", "COALESCED", "HIT");

            // A request is entered in the manifest when it is done, which can be just after its
            // client has the answer: wait for the new leader's entry.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> {
                                JsonNode manifest =
                                        Http.json(
                                                Http.get(
                                                                gatedStack.gatewayUrl()
                                                                        + "/admin/runs/"
                                                                        + run
                                                                        + "/manifest")
                                                        .body());
                                List<String> reasons =
                                        manifest.path("requests").findValues("reason").stream()
                                                .filter(JsonNode::isTextual)
                                                .map(JsonNode::asText)
                                                .toList();
                                assertThat(reasons).containsOnlyOnce("leader-failed");
                            });
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(gatedStack.server().inFlight()).isZero());
        }
    }

    private static List<HttpResponse<String>> sendAll(
            String url, String body, int clients, String... headers) {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            futures.add(sendAsync(url, body, headers));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("not every request completed", e);
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(
            String url, String body, String... headers) {
        HttpRequest request =
                Http.request(url, headers)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return Http.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Long> outcomeCounts(List<HttpResponse<String>> responses) {
        return responses.stream()
                .map(CacheIT::cacheOf)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
