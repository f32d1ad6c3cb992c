package dev.evalgate.cache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalgate.cache.testing.FakeTicker;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class L1StoreTest {

    private final FakeTicker ticker = new FakeTicker();

    @Test
    void servesWhatWasPutAndMissesTheRest() {
        L1Store store = L1Store.of(1 << 20, ticker);
        CachedAnswer answer = Answers.json("{\"a\":1}");

        assertThat(store.put("k", answer, Duration.ofMinutes(1)).toCompletableFuture().join())
                .isTrue();

        assertThat(lookup(store, "k")).isEqualTo(new Lookup.Hit(answer, Lookup.Tier.L1));
        assertThat(lookup(store, "other")).isEqualTo(Lookup.miss());
    }

    @Test
    void expiresEachEntryAfterItsOwnTtl() {
        L1Store store = L1Store.of(1 << 20, ticker);
        store.put("short", Answers.json("1"), Duration.ofSeconds(10));
        store.put("long", Answers.json("2"), Duration.ofSeconds(60));

        ticker.advance(Duration.ofSeconds(9));
        assertThat(lookup(store, "short")).isInstanceOf(Lookup.Hit.class);

        ticker.advance(Duration.ofSeconds(2));
        assertThat(lookup(store, "short")).isEqualTo(Lookup.miss());
        assertThat(lookup(store, "long")).isInstanceOf(Lookup.Hit.class);

        ticker.advance(Duration.ofSeconds(50));
        assertThat(lookup(store, "long")).isEqualTo(Lookup.miss());
    }

    @Test
    void replacingAnEntryRestartsItsTtl() {
        L1Store store = L1Store.of(1 << 20, ticker);
        store.put("k", Answers.json("old"), Duration.ofSeconds(10));
        ticker.advance(Duration.ofSeconds(8));
        store.put("k", Answers.json("new"), Duration.ofSeconds(10));
        ticker.advance(Duration.ofSeconds(8));

        assertThat(lookup(store, "k"))
                .isEqualTo(new Lookup.Hit(Answers.json("new"), Lookup.Tier.L1));
    }

    @Test
    void staysWithinItsByteBound() {
        CachedAnswer answer = Answers.json("x".repeat(900));
        int weight = L1Store.weightOf(answer);
        L1Store store = L1Store.of(10L * weight, ticker);

        IntStream.range(0, 50).forEach(i -> store.put("k" + i, answer, Duration.ofMinutes(1)));
        store.cleanUp();

        assertThat(store.weightedBytes()).isLessThanOrEqualTo(10L * weight);
        long kept =
                IntStream.range(0, 50)
                        .filter(i -> lookup(store, "k" + i) instanceof Lookup.Hit)
                        .count();
        assertThat(kept).isBetween(1L, 10L);
    }

    @Test
    void weighsEntriesByTheirEncodedSize() {
        L1Store store = L1Store.of(1 << 20, ticker);
        CachedAnswer answer = Answers.json("y".repeat(3000));

        store.put("k", answer, Duration.ofMinutes(1));
        store.cleanUp();

        assertThat(store.weightedBytes()).isEqualTo(L1Store.weightOf(answer));
    }

    @Test
    void countsItsEntriesAndBytesAsTheyComeAndGo() {
        L1Store store = L1Store.of(1 << 20, ticker);
        CachedAnswer a = Answers.json("a".repeat(100));
        CachedAnswer b = Answers.json("b".repeat(200));
        assertThat(store.entries()).isZero();
        assertThat(store.weightedBytes()).isZero();

        store.put("a", a, Duration.ofSeconds(10));
        store.put("b", b, Duration.ofSeconds(60));
        store.cleanUp();
        assertThat(store.entries()).isEqualTo(2);
        assertThat(store.weightedBytes())
                .isEqualTo(L1Store.weightOf(a) + (long) L1Store.weightOf(b));

        ticker.advance(Duration.ofSeconds(11));
        store.cleanUp();
        assertThat(store.entries()).isEqualTo(1);
        assertThat(store.weightedBytes()).isEqualTo(L1Store.weightOf(b));
    }

    @Test
    void doesNotKeepAnAnswerHeavierThanTheWholeBound() {
        L1Store store = L1Store.of(100, ticker);

        store.put("big", Answers.json("z".repeat(500)), Duration.ofMinutes(1));
        store.cleanUp();

        assertThat(lookup(store, "big")).isEqualTo(Lookup.miss());
    }

    @Test
    void purgeRemovesOnlyKeysUnderThePrefix() {
        L1Store store = L1Store.of(1 << 20, ticker);
        store.put("tenant-a:1", Answers.json("1"), Duration.ofMinutes(1));
        store.put("tenant-a:2", Answers.json("2"), Duration.ofMinutes(1));
        store.put("tenant-b:1", Answers.json("3"), Duration.ofMinutes(1));

        assertThat(store.purge("tenant-a:").toCompletableFuture().join()).isEqualTo(2L);

        assertThat(lookup(store, "tenant-a:1")).isEqualTo(Lookup.miss());
        assertThat(lookup(store, "tenant-b:1")).isInstanceOf(Lookup.Hit.class);
    }

    @Test
    void rejectsNonPositiveTtlAndBound() {
        L1Store store = L1Store.of(1 << 20, ticker);

        assertThatThrownBy(() -> store.put("k", Answers.json("1"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> L1Store.of(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximumBytes");
    }

    private static Lookup lookup(AnswerStore store, String key) {
        return store.get(key).toCompletableFuture().join();
    }
}
