package dev.evalgate.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.Lookup;
import dev.evalgate.cache.store.StoredHeader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisStoreTest {

    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> raw;

    private final String prefix = "evalgate-test:" + UUID.randomUUID() + ":";
    private final RedisStore store =
            RedisStore.connect(
                    RedisSettings.of(RedisFixture.shared())
                            .withKeyPrefix(prefix)
                            .withLookupTimeout(Duration.ofSeconds(2)));

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

    @Test
    void storesAnswerUnderPrefixedKeyWithItsTtl() {
        CachedAnswer answer = answer("{\"choices\":[]}");

        assertThat(put("k1", answer, Duration.ofMinutes(10))).isTrue();

        assertThat(get("k1")).isEqualTo(new Lookup.Hit(answer, Lookup.Tier.L2));
        long pttl = commands().pttl(prefix + "k1");
        assertThat(pttl)
                .isBetween(Duration.ofMinutes(9).toMillis(), Duration.ofMinutes(10).toMillis());
    }

    @Test
    void missesKeyThatWasNeverStored() {
        assertThat(get("absent")).isEqualTo(Lookup.miss());
        assertThat(store.counters().misses()).isEqualTo(1);
    }

    @Test
    void reportsUndecodableValueAsCorruptAndDeletesIt() {
        commands().set(prefix + "bad", "{\"not\":\"an envelope\"}");

        assertThat(get("bad")).isEqualTo(new Lookup.Failed(Lookup.Reason.CORRUPT));

        org.awaitility.Awaitility.await()
                .untilAsserted(() -> assertThat(commands().exists(prefix + "bad")).isZero());
        assertThat(store.counters().failures(Lookup.Reason.CORRUPT)).isEqualTo(1);
    }

    @Test
    void purgeRemovesOnlyKeysUnderThePrefix() {
        for (int i = 0; i < 1200; i++) {
            put("run-1:" + i, answer("a"), Duration.ofMinutes(5));
        }
        put("run-10:0", answer("b"), Duration.ofMinutes(5));
        put("run-2:0", answer("c"), Duration.ofMinutes(5));

        assertThat(store.purge("run-1:").toCompletableFuture().join()).isEqualTo(1200L);

        assertThat(get("run-1:7")).isEqualTo(Lookup.miss());
        assertThat(get("run-10:0")).isInstanceOf(Lookup.Hit.class);
        assertThat(get("run-2:0")).isInstanceOf(Lookup.Hit.class);
    }

    @Test
    void purgeTreatsGlobCharactersInThePrefixLiterally() {
        put("a*:1", answer("1"), Duration.ofMinutes(5));
        put("ab:1", answer("2"), Duration.ofMinutes(5));

        assertThat(store.purge("a*").toCompletableFuture().join()).isEqualTo(1L);

        assertThat(get("ab:1")).isInstanceOf(Lookup.Hit.class);
    }

    @Test
    void countsHitsMissesAndPuts() {
        put("k", answer("x"), Duration.ofMinutes(1));
        get("k");
        get("k");
        get("nope");

        RedisCounters counters = store.counters();
        assertThat(counters.puts()).isEqualTo(1);
        assertThat(counters.hits()).isEqualTo(2);
        assertThat(counters.misses()).isEqualTo(1);
        assertThat(counters.putFailures()).isZero();
    }

    private RedisCommands<String, String> commands() {
        return raw.sync();
    }

    private boolean put(String key, CachedAnswer answer, Duration ttl) {
        return store.put(key, answer, ttl).toCompletableFuture().join();
    }

    private Lookup get(String key) {
        return store.get(key).toCompletableFuture().join();
    }

    static CachedAnswer answer(String body) {
        return new CachedAnswer(
                200,
                List.of(new StoredHeader("content-type", "application/json")),
                body.getBytes(StandardCharsets.UTF_8),
                1_700_000_000_000L);
    }
}
