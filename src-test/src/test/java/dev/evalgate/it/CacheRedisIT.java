package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.evalgate.cache.redis.RedisFixture;
import dev.evalgate.gateway.server.GatewayServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The eval cache with Redis behind it: answers outlive a gateway, are shared between gateways,
 * survive Redis going away (fail-open) and work on a Redis Cluster. Tests on the shared Redis use a
 * namespace of their own and purge it.
 */
class CacheRedisIT {

    private String tag;
    private String namespace;

    @BeforeEach
    void uniqueNamespace() {
        tag = "r" + UUID.randomUUID();
        namespace = "redisit-" + tag.substring(1, 13);
    }

    @Test
    void servesTheSuiteFromRedisAfterAGatewayRestart() {
        String yaml = yaml(RedisFixture.shared(), false, true);
        try (GatewayStack stack = GatewayStack.start(yaml)) {
            List<CacheSuite.Call> suite = CacheSuite.calls(tag);
            List<HttpResponse<String>> first = CacheSuite.run(stack.gatewayUrl(), suite);
            assertThat(CacheSuite.outcomes(first)).containsOnly("MISS");
            awaitStored(stack.gatewayUrl(), suite.size());
            stack.server().shutdown(Duration.ofSeconds(5));

            GatewayServer restarted = stack.startGateway(yaml);
            try {
                List<HttpResponse<String>> second = CacheSuite.run(url(restarted), suite);

                assertThat(stack.simulator().stats().requests()).isEqualTo(suite.size());
                assertThat(CacheSuite.outcomes(second)).containsOnly("HIT");
                assertThat(CacheSuite.keys(second)).isEqualTo(CacheSuite.keys(first));
                for (int i = 0; i < suite.size(); i++) {
                    CacheSuite.Call call = suite.get(i);
                    assertThat(call.textOf(second.get(i)))
                            .as(call.name())
                            .isEqualTo(call.textOf(first.get(i)));
                }
            } finally {
                purge(url(restarted));
                restarted.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void answersThroughOneGatewayWhatAnotherRecorded() {
        String yaml = yaml(RedisFixture.shared(), false, true);
        try (GatewayStack a = GatewayStack.start(yaml)) {
            GatewayServer b = a.startGateway(yaml);
            try {
                List<CacheSuite.Call> suite = CacheSuite.calls(tag);
                CacheSuite.run(a.gatewayUrl(), suite);
                awaitStored(a.gatewayUrl(), suite.size());

                List<HttpResponse<String>> throughB = CacheSuite.run(url(b), suite);

                assertThat(CacheSuite.outcomes(throughB)).containsOnly("HIT");
                assertThat(a.simulator().stats().requests()).isEqualTo(suite.size());
            } finally {
                purge(a.gatewayUrl());
                b.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void keepsAnsweringWhileRedisIsDownAndStoresAgainOnceItIsBack() {
        RedisFixture.Server redis = RedisFixture.startPrivate();
        // No L1: every hit must come from Redis.
        try (redis;
                GatewayStack stack = GatewayStack.start(yaml(redis.url(), false, false))) {
            String chat = stack.gatewayUrl() + "/v1/chat/completions";
            String body = CacheSuite.chat(tag, false);
            Http.post(chat, body);
            awaitHit(chat, body);

            redis.stop();
            List<HttpResponse<String>> whileDown = new ArrayList<>();
            for (CacheSuite.Call call : CacheSuite.calls(tag + " down")) {
                whileDown.add(call.send(stack.gatewayUrl()));
            }
            whileDown.add(Http.post(chat, body));

            assertThat(whileDown).extracting(HttpResponse::statusCode).containsOnly(200);
            assertThat(CacheSuite.outcomes(whileDown)).containsOnly("MISS");

            redis.start();
            String after = CacheSuite.chat(tag + " after", false);
            awaitHit(chat, after);
        }
    }

    @Test
    void usesARedisClusterAsTheStore() {
        Assumptions.assumeTrue(
                RedisFixture.clusterToolsAvailable(),
                "redis-server and redis-cli are not on the PATH: no Redis Cluster to test against");
        try (RedisFixture.Cluster cluster = RedisFixture.startCluster(3)) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () ->
                                    assertThat(cluster.nodes())
                                            .allSatisfy(
                                                    n ->
                                                            assertThat(clusterInfo(n.port()))
                                                                    .contains("cluster_state:ok")));
            String yaml = yaml(cluster.url(), true, false);
            try (GatewayStack stack = GatewayStack.start(yaml)) {
                // Right after the cluster forms, Lettuce opens each master's connection on its
                // first command and rejects commands until it is up (a miss, not an error).
                // Warm up with keys spread over the slots, so every master is connected (24
                // random slots miss one of three masters with probability 3 * (2/3)^24).
                for (int i = 0; i < 24; i++) {
                    awaitHit(
                            stack.gatewayUrl() + "/v1/chat/completions",
                            CacheSuite.chat(tag + " warm-up " + i, false));
                }
                stack.simulator().reset();
                long storedBefore = stored(stack.gatewayUrl());
                List<CacheSuite.Call> suite = CacheSuite.calls(tag);
                List<HttpResponse<String>> first = CacheSuite.run(stack.gatewayUrl(), suite);
                assertThat(CacheSuite.outcomes(first)).containsOnly("MISS");
                awaitStored(stack.gatewayUrl(), storedBefore + suite.size());

                List<HttpResponse<String>> second = CacheSuite.run(stack.gatewayUrl(), suite);

                assertThat(CacheSuite.outcomes(second)).containsOnly("HIT");
                assertThat(CacheSuite.keys(second)).isEqualTo(CacheSuite.keys(first));
                assertThat(stack.simulator().stats().requests()).isEqualTo(suite.size());
            }
        }
    }

    @Test
    void twoGatewaysOnOneRedisSendSixtyFourIdenticalRequestsUpstreamOnce() {
        String yaml = yaml(RedisFixture.shared(), false, true);
        try (GatewayStack a = GatewayStack.start(yaml)) {
            GatewayServer b = a.startGateway(yaml);
            try {
                String body = CacheSuite.chat(tag, false);
                List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
                for (int i = 0; i < CacheConcurrencyIT.CLIENTS; i++) {
                    String gateway = i % 2 == 0 ? a.gatewayUrl() : url(b);
                    futures.add(
                            Http.CLIENT.sendAsync(
                                    Http.request(
                                                    gateway + "/v1/chat/completions",
                                                    "x-sim-latency-ms",
                                                    "300")
                                            .header("content-type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString()));
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                        .get(60, TimeUnit.SECONDS);
                List<HttpResponse<String>> responses =
                        futures.stream().map(CompletableFuture::join).toList();

                assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
                assertThat(a.simulator().stats().requests()).isEqualTo(1);
                assertThat(responses)
                        .extracting(r -> CacheSuite.plainText("/v1/chat/completions", r.body()))
                        .containsOnly(
                                CacheSuite.plainText(
                                        "/v1/chat/completions", responses.get(0).body()));
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                purge(a.gatewayUrl());
                b.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    private String yaml(String redisUrl, boolean cluster, boolean l1) {
        return GatewayStack.withCache(
                "\n  namespace: "
                        + namespace
                        + "\n  lookup_timeout: 2s"
                        + (l1 ? "" : "\n  l1_max_bytes: 0")
                        + "\n  redis:\n    url: \""
                        + redisUrl
                        + "\"\n    cluster: "
                        + cluster);
    }

    /** Waits until {@code body} is answered from the cache (each try may go upstream). */
    private static void awaitHit(String chat, String body) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> {
                            HttpResponse<String> r = Http.post(chat, body);
                            assertThat(r.statusCode()).isEqualTo(200);
                            assertThat(CacheIT.cacheOf(r)).isEqualTo("HIT");
                        });
    }

    private static void awaitStored(String gatewayUrl, long answers) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(stored(gatewayUrl)).isGreaterThanOrEqualTo(answers));
    }

    /** Answers the gateway has stored since it started. */
    private static long stored(String gatewayUrl) {
        return Http.json(Http.get(gatewayUrl + "/admin/cache/stats").body())
                .path("stored")
                .asLong();
    }

    private void purge(String gatewayUrl) {
        HttpResponse<String> r =
                Http.send(
                        Http.request(gatewayUrl + "/admin/cache?namespace=" + namespace)
                                .DELETE()
                                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String url(GatewayServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    private static String clusterInfo(int port) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "cluster", "info")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
