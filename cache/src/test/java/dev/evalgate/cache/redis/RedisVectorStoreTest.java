package dev.evalgate.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.evalgate.cache.semantic.FrameIndex;
import dev.evalgate.cache.semantic.VectorEntry;
import dev.evalgate.cache.semantic.VectorStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisVectorStoreTest {

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> raw;

    private final String prefix = "evalgate-test:" + UUID.randomUUID() + ":";
    private final RedisStore store = connect();
    private final VectorStore vectors = store.vectors();

    @BeforeAll
    static void connectRaw() {
        rawClient = RedisClient.create(RedisFixture.shared());
        raw = rawClient.connect();
    }

    @AfterAll
    static void closeRaw() {
        raw.close();
        rawClient.shutdown();
    }

    @AfterEach
    void cleanUp() {
        store.purge("").toCompletableFuture().join();
        store.close();
    }

    private RedisStore connect() {
        return RedisStore.connect(
                RedisSettings.of(RedisFixture.shared())
                        .withKeyPrefix(prefix)
                        .withLookupTimeout(Duration.ofSeconds(2)));
    }

    @Test
    void readsBackWhatWasAddedBitForBit() {
        float[] vector = {
            0.5f, -0.0f, Float.MIN_VALUE, -1e-30f, Float.intBitsToFloat(0x7fc00001), 1 / 3f
        };
        String text = "Wie spät ist es? ⏰ 日本語 🎉 café";
        add("frame", new VectorEntry("run:1:key:ä", vector, text), 10);

        VectorStore.Batch batch = read("frame", null, 10);

        assertThat(batch.failed()).isFalse();
        assertThat(batch.entries()).hasSize(1);
        VectorEntry back = batch.entries().get(0);
        assertThat(back.storeKey()).isEqualTo("run:1:key:ä");
        assertThat(back.text()).isEqualTo(text);
        assertThat(bits(back.vector())).containsExactly(bits(vector));
        assertThat(batch.cursor()).isNotNull();
    }

    @Test
    void readsOnlyWhatWasAddedAfterTheCursor() {
        for (int i = 0; i < 3; i++) {
            add("frame", entry("k" + i), 10);
        }

        VectorStore.Batch first = read("frame", null, 2);
        VectorStore.Batch rest = read("frame", first.cursor(), 10);
        VectorStore.Batch none = read("frame", rest.cursor(), 10);

        assertThat(storeKeys(first)).containsExactly("k0", "k1");
        assertThat(storeKeys(rest)).containsExactly("k2");
        assertThat(none.entries()).isEmpty();
        assertThat(none.cursor()).isEqualTo(rest.cursor());
        assertThat(none.failed()).isFalse();
    }

    @Test
    void keepsExactlyTheNewestMaxEntries() {
        for (int i = 0; i < 10; i++) {
            add("frame", entry("k" + i), 3);
        }

        assertThat(storeKeys(read("frame", null, 100))).containsExactly("k7", "k8", "k9");
        assertThat(raw.sync().xlen(prefix + "sem:frame")).isEqualTo(3);
    }

    @Test
    void expiresTheFrameTtlAfterItsLastAdd() {
        add("frame", entry("k"), 10);

        assertThat(raw.sync().pttl(prefix + "sem:frame")).isBetween(1L, TTL.toMillis());
    }

    @Test
    void keepsFramesApart() {
        add("a", entry("in-a"), 10);
        add("b", entry("in-b"), 10);

        assertThat(storeKeys(read("a", null, 10))).containsExactly("in-a");
        assertThat(read("c", null, 10).entries()).isEmpty();
    }

    @Test
    void skipsEntriesThatDoNotDecode() {
        RedisCommands<String, String> commands = raw.sync();
        String key = prefix + "sem:frame";
        commands.xadd(key, Map.of("k", "bad-length", "v", "abc", "t", "x"));
        commands.xadd(key, Map.of("k", "no-text", "v", "abcd"));
        String lastBad = commands.xadd(key, Map.of("k", "empty-vector", "v", "", "t", "x"));

        VectorStore.Batch all = read("frame", null, 10);
        assertThat(all.entries()).isEmpty();
        assertThat(all.cursor()).isEqualTo(lastBad);
        assertThat(((RedisVectorStore) vectors).skipped()).isEqualTo(3);

        add("frame", entry("good"), 10);
        assertThat(storeKeys(read("frame", null, 10))).containsExactly("good");
    }

    @Test
    void replicasFindEachOthersEntriesAfterRefresh() {
        AtomicLong nanos = new AtomicLong();
        Duration refresh = Duration.ofSeconds(5);
        try (RedisStore other = connect()) {
            FrameIndex first = FrameIndex.of(vectors, 1 << 20, 100, refresh, nanos::get);
            FrameIndex second = FrameIndex.of(other.vectors(), 1 << 20, 100, refresh, nanos::get);
            float[] query = {1, 0, 0};
            assertThat(nearest(second, query)).isNull();

            first.add("frame", new VectorEntry("answered", new float[] {1, 0, 0}, "t"), TTL);
            await().atMost(WAIT).until(() -> raw.sync().xlen(prefix + "sem:frame") == 1);

            assertThat(nearest(second, query)).isNull();
            nanos.addAndGet(refresh.toNanos());
            FrameIndex.Match match = nearest(second, query);
            assertThat(match.entry().storeKey()).isEqualTo("answered");
            assertThat(second.entries()).isEqualTo(1);
        }
    }

    @Test
    void failsOpenWhenRedisIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RedisSettings unreachable =
                RedisSettings.of("redis://127.0.0.1:" + closedPort)
                        .withLookupTimeout(Duration.ofMillis(100))
                        .withWriteTimeout(Duration.ofMillis(200));
        try (RedisStore down = RedisStore.connect(unreachable)) {
            RedisVectorStore downVectors = (RedisVectorStore) down.vectors();

            assertThat(downVectors.add("frame", entry("k"), 10, TTL).toCompletableFuture())
                    .succeedsWithin(WAIT);
            assertThat(downVectors.read("frame", "1-0", 10).toCompletableFuture())
                    .succeedsWithin(WAIT)
                    .isEqualTo(VectorStore.Batch.failed("1-0"));
            assertThat(downVectors.addFailures()).isEqualTo(1);
            assertThat(downVectors.readFailures()).isEqualTo(1);
        }
    }

    private void add(String frame, VectorEntry entry, int maxEntries) {
        vectors.add(frame, entry, maxEntries, TTL).toCompletableFuture().join();
    }

    private VectorStore.Batch read(String frame, String after, int max) {
        return vectors.read(frame, after, max).toCompletableFuture().join();
    }

    private static FrameIndex.Match nearest(FrameIndex index, float[] query) {
        return index.nearest("frame", query, 0.9, e -> true).toCompletableFuture().join();
    }

    private static VectorEntry entry(String storeKey) {
        return new VectorEntry(storeKey, new float[] {0.6f, 0.8f}, "text of " + storeKey);
    }

    private static List<String> storeKeys(VectorStore.Batch batch) {
        return batch.entries().stream().map(VectorEntry::storeKey).toList();
    }

    private static int[] bits(float[] vector) {
        int[] bits = new int[vector.length];
        for (int i = 0; i < vector.length; i++) {
            bits[i] = Float.floatToRawIntBits(vector[i]);
        }
        return bits;
    }
}
