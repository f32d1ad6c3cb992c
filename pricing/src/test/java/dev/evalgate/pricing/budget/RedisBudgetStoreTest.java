package dev.evalgate.pricing.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.pricing.RedisTestSupport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisBudgetStoreTest extends BudgetStoreContract {

    private final RedisTestSupport redis = new RedisTestSupport();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Override
    BudgetStore store() {
        return RedisBudgetStore.create(
                redis.connect().async(), SETTINGS.withKeyPrefix(redis.prefix()), clock);
    }

    @Test
    void scopeKeysExpireAfterTheirRetention() {
        BudgetStore store = store();
        await(store.reconcile(await(store.reserve("run:a", 10, 5)), 5));
        long ttl = redis.sync().ttl(redis.prefix() + "run:a");
        assertThat(ttl)
                .isBetween(Duration.ofDays(1).getSeconds() - 5, Duration.ofDays(1).getSeconds());
    }

    @Test
    void reservesAgainAfterTheServerForgetsTheScripts() {
        BudgetStore store = store();
        await(store.reserve("run:a", 10, 5));
        redis.sync().scriptFlush();
        Reservation second = await(store.reserve("run:a", 10, 5));
        assertThat(second.granted()).isTrue();
        assertThat(second.reservedMicros()).isEqualTo(5);
    }
}
