package dev.evalgate.cache.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.cache.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TieredStoreTest {

    private final FakeTicker ticker = new FakeTicker();
    private final L1Store l1 = L1Store.of(1 << 20, ticker);
    private final L1Store l2 = L1Store.of(1 << 20, ticker);
    private final TieredStore tiered = TieredStore.of(l1, l2, Duration.ofMinutes(1));

    @Test
    void fillsL1FromAnL2Hit() {
        CachedAnswer answer = Answers.json("{\"from\":\"l2\"}");
        l2.put("k", answer, Duration.ofHours(1));

        assertThat(lookup(tiered, "k")).isEqualTo(new Lookup.Hit(answer, Lookup.Tier.L2));
        assertThat(lookup(l1, "k")).isEqualTo(new Lookup.Hit(answer, Lookup.Tier.L1));
        assertThat(lookup(tiered, "k")).isEqualTo(new Lookup.Hit(answer, Lookup.Tier.L1));
    }

    @Test
    void putsIntoBothTiersAndCapsTheL1Lifetime() {
        CachedAnswer answer = Answers.json("{}");

        assertThat(tiered.put("k", answer, Duration.ofHours(1)).toCompletableFuture().join())
                .isTrue();
        assertThat(lookup(l1, "k")).isInstanceOf(Lookup.Hit.class);
        assertThat(lookup(l2, "k")).isInstanceOf(Lookup.Hit.class);

        ticker.advance(Duration.ofMinutes(2));
        assertThat(lookup(l1, "k")).isEqualTo(Lookup.miss());
        assertThat(lookup(tiered, "k")).isEqualTo(new Lookup.Hit(answer, Lookup.Tier.L2));
    }

    @Test
    void missesWhenNeitherTierHasTheKey() {
        assertThat(lookup(tiered, "absent")).isEqualTo(Lookup.miss());
    }

    @Test
    void purgeEmptiesBothTiers() {
        tiered.put("run-1:a", Answers.json("1"), Duration.ofHours(1));
        tiered.put("run-2:a", Answers.json("2"), Duration.ofHours(1));

        assertThat(tiered.purge("run-1:").toCompletableFuture().join()).isEqualTo(1L);

        assertThat(lookup(tiered, "run-1:a")).isEqualTo(Lookup.miss());
        assertThat(lookup(tiered, "run-2:a")).isInstanceOf(Lookup.Hit.class);
    }

    private static Lookup lookup(AnswerStore store, String key) {
        return store.get(key).toCompletableFuture().join();
    }
}
