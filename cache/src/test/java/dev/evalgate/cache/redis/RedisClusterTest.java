package dev.evalgate.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.evalgate.cache.semantic.VectorEntry;
import dev.evalgate.cache.semantic.VectorStore;
import dev.evalgate.cache.store.Lookup;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RedisClusterTest {

    private static RedisFixture.Cluster cluster;

    @BeforeAll
    static void startCluster() {
        assumeTrue(
                RedisFixture.clusterToolsAvailable(),
                "redis-server and redis-cli are not on the PATH: skipping the Redis Cluster test");
        cluster = RedisFixture.startCluster(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void storesServesAndPurgesAcrossEveryMaster() {
        try (RedisStore store = RedisStore.connect(settings())) {
            // Right after the cluster forms, a master's first command can be rejected while
            // Lettuce opens (or re-opens) that node's connection; that is a miss, not an error.
            await().atMost(Duration.ofMinutes(1))
                    .untilAsserted(
                            () -> {
                                for (int i = 0; i < 60; i++) {
                                    assertThat(put(store, "run:" + i)).isTrue();
                                }
                            });
            assertThat(put(store, "probe")).isTrue();
            for (int i = 0; i < 60; i++) {
                assertThat(get(store, "run:" + i)).isInstanceOf(Lookup.Hit.class);
            }
            assertThat(nodesHoldingKeys()).isGreaterThan(1);

            assertThat(store.purge("run:").toCompletableFuture().join()).isEqualTo(60L);

            assertThat(get(store, "run:0")).isEqualTo(Lookup.miss());
            assertThat(get(store, "probe")).isInstanceOf(Lookup.Hit.class);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void sharesVectorFramesOnEveryMaster() {
        try (RedisStore store = RedisStore.connect(settings())) {
            VectorStore vectors = store.vectors();
            float[] vector = {0.6f, 0.8f};
            await().atMost(Duration.ofMinutes(1))
                    .untilAsserted(
                            () -> {
                                for (int i = 0; i < 30; i++) {
                                    String frame = "frame-" + i;
                                    vectors.add(
                                                    frame,
                                                    new VectorEntry("k" + i, vector, "t"),
                                                    10,
                                                    Duration.ofMinutes(5))
                                            .toCompletableFuture()
                                            .join();
                                    VectorStore.Batch batch =
                                            vectors.read(frame, null, 10)
                                                    .toCompletableFuture()
                                                    .join();
                                    assertThat(batch.failed()).isFalse();
                                    assertThat(batch.entries())
                                            .last()
                                            .extracting(VectorEntry::storeKey)
                                            .isEqualTo("k" + i);
                                }
                            });
        }
    }

    private static boolean put(RedisStore store, String key) {
        return store.put(
                        key,
                        RedisStoreTest.answer("{\"k\":\"" + key + "\"}"),
                        Duration.ofMinutes(5))
                .toCompletableFuture()
                .join();
    }

    private static RedisSettings settings() {
        return RedisSettings.of(cluster.url())
                .withCluster(true)
                .withLookupTimeout(Duration.ofSeconds(5))
                // The first command to each master opens that node's connection.
                .withWriteTimeout(Duration.ofSeconds(5));
    }

    private static Lookup get(RedisStore store, String key) {
        return store.get(key).toCompletableFuture().join();
    }

    private static long nodesHoldingKeys() {
        return cluster.nodes().stream().filter(node -> dbSize(node.url()) > 0).count();
    }

    private static long dbSize(String url) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().dbsize();
        } finally {
            client.shutdown();
        }
    }
}
