package dev.evalgate.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.L1Store;
import dev.evalgate.cache.store.Lookup;
import dev.evalgate.cache.store.TieredStore;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TieredStoreWithRedisTest {

    private final RedisStore redis =
            RedisStore.connect(
                    RedisSettings.of(RedisFixture.shared())
                            .withKeyPrefix("evalgate-test:" + UUID.randomUUID() + ":")
                            .withLookupTimeout(Duration.ofSeconds(2)));
    private final TieredStore tiered =
            TieredStore.of(L1Store.of(1 << 20), redis, Duration.ofMinutes(1));

    @AfterEach
    void cleanUp() {
        tiered.purge("").toCompletableFuture().join();
        tiered.close();
    }

    @Test
    void fillsL1FromARedisHitAndServesFromL1Afterwards() {
        CachedAnswer answer = RedisStoreTest.answer("{\"id\":\"from-redis\"}");
        redis.put("k", answer, Duration.ofMinutes(5)).toCompletableFuture().join();

        assertThat(get("k")).isEqualTo(new Lookup.Hit(answer, Lookup.Tier.L2));

        redis.purge("k").toCompletableFuture().join();
        assertThat(get("k")).isEqualTo(new Lookup.Hit(answer, Lookup.Tier.L1));
    }

    private Lookup get(String key) {
        return tiered.get(key).toCompletableFuture().join();
    }
}
