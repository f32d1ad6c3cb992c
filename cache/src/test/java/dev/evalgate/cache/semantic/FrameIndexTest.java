package dev.evalgate.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evalgate.cache.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameIndexTest {

    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration REFRESH = Duration.ofSeconds(10);

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryVectorStore store = new InMemoryVectorStore();

    @Test
    void returnsTheMostSimilarEntryAtOrAboveTheThreshold() {
        FrameIndex index = local(100);
        index.add("f", entry("far", 1, 1, 0), TTL);
        index.add("near", entry("near", 1, 0.1f, 0), TTL);
        index.add("f", entry("near", 1, 0.1f, 0), TTL);
        index.add("f", entry("orthogonal", 0, 0, 1), TTL);

        FrameIndex.Match match = nearest(index, "f", unit(1, 0, 0), 0.5);

        assertThat(match.entry().storeKey()).isEqualTo("near");
        assertThat(match.similarity()).isCloseTo(0.995, within(1e-3));
    }

    @Test
    void findsNothingBelowTheThreshold() {
        FrameIndex index = local(100);
        index.add("f", entry("far", 1, 1, 0), TTL);

        assertThat(nearest(index, "f", unit(1, 0, 0), 0.9)).isNull();
        assertThat(nearest(index, "f", unit(1, 0, 0), 0.7)).isNotNull();
    }

    @Test
    void skipsEntriesTheGuardRejectsAndTakesTheNextBest() {
        FrameIndex index = local(100);
        index.add("f", entry("best", 1, 0.05f, 0), TTL);
        index.add("f", entry("second", 1, 0.3f, 0), TTL);
        index.add("f", entry("weak", 1, 2, 0), TTL);
        List<String> asked = new ArrayList<>();

        FrameIndex.Match match =
                index.nearest(
                                "f",
                                unit(1, 0, 0),
                                0.8,
                                candidate -> {
                                    asked.add(candidate.storeKey());
                                    return !candidate.storeKey().equals("best");
                                })
                        .toCompletableFuture()
                        .join();

        assertThat(match.entry().storeKey()).isEqualTo("second");
        assertThat(asked).containsExactlyInAnyOrder("best", "second");
    }

    @Test
    void keepsFramesApart() {
        FrameIndex index = local(100);
        index.add("a", entry("in-a", 1, 0, 0), TTL);

        assertThat(nearest(index, "b", unit(1, 0, 0), 0.1)).isNull();
        assertThat(nearest(index, "a", unit(1, 0, 0), 0.1).entry().storeKey()).isEqualTo("in-a");
    }

    @Test
    void holdsAStoreKeyOnce() {
        FrameIndex index = local(100);
        index.add("f", entry("k", 1, 0, 0), TTL);
        index.add("f", entry("k", 0, 1, 0), TTL);

        assertThat(index.entries()).isEqualTo(1);
        assertThat(nearest(index, "f", unit(1, 0, 0), 0.9).entry().storeKey()).isEqualTo("k");
    }

    @Test
    void holdsAnEntryOnceWhenItIsReadBackFromTheStore() {
        FrameIndex index = shared(100);
        index.add("f", entry("k", 1, 0, 0), TTL);

        assertThat(nearest(index, "f", unit(1, 0, 0), 0.9)).isNotNull();

        assertThat(store.reads()).isEqualTo(1);
        assertThat(index.entries()).isEqualTo(1);
    }

    @Test
    void dropsTheOldestEntriesBeyondMaxEntriesPerFrame() {
        FrameIndex index = local(2);
        index.add("f", entry("oldest", 1, 0, 0), TTL);
        index.add("f", entry("middle", 0, 1, 0), TTL);
        index.add("f", entry("newest", 0, 0, 1), TTL);

        assertThat(index.entries()).isEqualTo(2);
        assertThat(nearest(index, "f", unit(1, 0, 0), 0.5)).isNull();
        assertThat(nearest(index, "f", unit(0, 1, 0), 0.5).entry().storeKey()).isEqualTo("middle");

        // A dropped store key may come back as a new entry.
        index.add("f", entry("oldest", 1, 0, 0), TTL);
        assertThat(nearest(index, "f", unit(1, 0, 0), 0.5).entry().storeKey()).isEqualTo("oldest");
    }

    @Test
    void evictsWholeFramesToStayWithinTheByteBound() {
        long frameBytes = weightOfFrameWithThreeEntries();
        FrameIndex index = FrameIndex.of(null, 3 * frameBytes, 100, REFRESH, ticker, Runnable::run);

        for (int frame = 0; frame < 10; frame++) {
            for (int i = 0; i < 3; i++) {
                index.add("f" + frame, entry("k" + i, 1, i, 0), TTL);
            }
        }

        assertThat(index.frames()).isBetween(1L, 3L);
        assertThat(index.entries()).isEqualTo(3 * index.frames());
        assertThat(index.weightedBytes()).isEqualTo(index.frames() * frameBytes);
    }

    private long weightOfFrameWithThreeEntries() {
        FrameIndex probe = local(100);
        for (int i = 0; i < 3; i++) {
            probe.add("probe", entry("k" + i, 1, i, 0), TTL);
        }
        return probe.weightedBytes();
    }

    @Test
    void readsTheStoreAgainOnlyAfterRefreshAfterAndThenOnlyWhatIsNew() {
        FrameIndex index = shared(100);
        store.add("f", entry("first", 1, 1, 0), 100, TTL);

        assertThat(nearest(index, "f", unit(1, 0, 0), 0.5).entry().storeKey()).isEqualTo("first");
        store.add("f", entry("second", 1, 0, 0), 100, TTL);
        ticker.advance(REFRESH.minusNanos(1));

        assertThat(nearest(index, "f", unit(1, 0, 0), 0.5).entry().storeKey()).isEqualTo("first");
        assertThat(store.reads()).isEqualTo(1);

        ticker.advance(Duration.ofNanos(1));

        assertThat(nearest(index, "f", unit(1, 0, 0), 0.5).entry().storeKey()).isEqualTo("second");
        assertThat(store.cursors()).containsExactly(null, "1");
        assertThat(index.entries()).isEqualTo(2);
    }

    @Test
    void loadsALargeFrameInPages() {
        int size = 2 * FrameIndex.PAGE + 10;
        FrameIndex index = shared(size);
        for (int i = 0; i < size; i++) {
            store.add("f", entry("k" + i, 1, i, 0), size, TTL);
        }

        assertThat(nearest(index, "f", unit(1, 0, 0), 0.9).entry().storeKey()).isEqualTo("k0");

        assertThat(store.reads()).isEqualTo(3);
        assertThat(index.entries()).isEqualTo(size);
    }

    @Test
    void concurrentFirstLookupsShareOneLoad() throws Exception {
        FrameIndex index = shared(100);
        store.add("f", entry("k", 1, 0, 0), 100, TTL);
        CompletableFuture<Void> held = store.holdReads();
        int lookups = 8;
        ExecutorService threads = Executors.newFixedThreadPool(lookups);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<CompletableFuture<FrameIndex.Match>>> calls = new ArrayList<>();
            for (int i = 0; i < lookups; i++) {
                calls.add(
                        threads.submit(
                                () -> {
                                    start.await();
                                    return index.nearest("f", unit(1, 0, 0), 0.9, e -> true)
                                            .toCompletableFuture();
                                }));
            }
            start.countDown();
            List<CompletableFuture<FrameIndex.Match>> results = new ArrayList<>();
            for (Future<CompletableFuture<FrameIndex.Match>> call : calls) {
                results.add(call.get());
            }

            assertThat(results).noneMatch(CompletableFuture::isDone);
            held.complete(null);

            for (CompletableFuture<FrameIndex.Match> result : results) {
                assertThat(result)
                        .succeedsWithin(Duration.ofSeconds(10))
                        .extracting(match -> match.entry().storeKey())
                        .isEqualTo("k");
            }
            assertThat(store.reads()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void scansOnTheScanExecutorOnlyAfterWaitingForTheStore() {
        AtomicInteger scheduled = new AtomicInteger();
        FrameIndex index =
                FrameIndex.of(
                        store,
                        1 << 20,
                        100,
                        REFRESH,
                        ticker,
                        task -> {
                            scheduled.incrementAndGet();
                            task.run();
                        });
        store.add("f", entry("k", 1, 0, 0), 100, TTL);
        CompletableFuture<Void> held = store.holdReads();

        CompletableFuture<FrameIndex.Match> first =
                index.nearest("f", unit(1, 0, 0), 0.9, e -> true).toCompletableFuture();
        held.complete(null);

        assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isNotNull();
        assertThat(scheduled).hasValue(1);
        assertThat(nearest(index, "f", unit(1, 0, 0), 0.9)).isNotNull();
        assertThat(scheduled).hasValue(1);
    }

    @Test
    void scansWhatIsHeldWhenTheStoreFails() {
        FrameIndex index = shared(100);
        store.failing(true);
        index.add("f", entry("local", 1, 0, 0), TTL);

        assertThat(nearest(index, "f", unit(1, 0, 0), 0.9).entry().storeKey()).isEqualTo("local");
        assertThat(nearest(index, "f", unit(1, 0, 0), 0.9)).isNotNull();

        assertThat(store.reads()).isEqualTo(1);
    }

    @Test
    void skipsEntriesOfAnotherLength() {
        FrameIndex index = local(100);
        index.add("f", new VectorEntry("short", new float[] {1, 0}, "t"), TTL);

        assertThat(nearest(index, "f", unit(1, 0, 0), -1)).isNull();
    }

    private FrameIndex local(int maxEntriesPerFrame) {
        return FrameIndex.of(null, 1 << 20, maxEntriesPerFrame, REFRESH, ticker, Runnable::run);
    }

    private FrameIndex shared(int maxEntriesPerFrame) {
        return FrameIndex.of(store, 1 << 20, maxEntriesPerFrame, REFRESH, ticker, Runnable::run);
    }

    private static FrameIndex.Match nearest(
            FrameIndex index, String frame, float[] query, double threshold) {
        return index.nearest(frame, query, threshold, e -> true).toCompletableFuture().join();
    }

    static VectorEntry entry(String storeKey, float... direction) {
        return new VectorEntry(storeKey, unit(direction), "text of " + storeKey);
    }

    static float[] unit(float... direction) {
        return Cosine.normalize(direction);
    }
}
