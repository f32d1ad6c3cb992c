package dev.evalgate.cache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process tier: a Caffeine cache bounded by bytes, each entry expiring after the ttl it was
 * put with. An entry weighs {@link #weightOf}: its answer's {@link AnswerCodec#sizeOf} bytes plus
 * {@value #ENTRY_OVERHEAD_BYTES} for the key, the cache node and the answer's objects, roughly what
 * it holds on the heap; an answer heavier than the whole bound is not kept. Operations complete
 * before they return and never fail.
 */
public final class L1Store implements AnswerStore {

    /**
     * Heap an entry holds beyond its answer's bytes: the key string (about 120 bytes), Caffeine's
     * node with its expiry (about 100) and the entry and answer objects with their arrays. Without
     * it, a bound full of small answers held about twice its bytes on the heap (bench/soak.sh:
     * 300-byte answers, the default bound of a quarter of a 160 MiB heap, full collections after
     * ten minutes).
     */
    public static final int ENTRY_OVERHEAD_BYTES = 512;

    private final Cache<String, Entry> cache;

    private L1Store(long maximumBytes, Ticker ticker) {
        if (maximumBytes <= 0) {
            throw new IllegalArgumentException(
                    "maximumBytes: " + maximumBytes + " (expected: > 0)");
        }
        this.cache =
                Caffeine.newBuilder()
                        .maximumWeight(maximumBytes)
                        .weigher((String key, Entry entry) -> entry.weight())
                        .expireAfter(Expiry.writing((String key, Entry entry) -> entry.ttl()))
                        .ticker(Objects.requireNonNull(ticker, "ticker"))
                        .build();
    }

    /** An L1 holding at most {@code maximumBytes} of answers, on the system clock. */
    public static L1Store of(long maximumBytes) {
        return new L1Store(maximumBytes, Ticker.systemTicker());
    }

    /** An L1 holding at most {@code maximumBytes} of answers, expiring by {@code ticker}. */
    public static L1Store of(long maximumBytes, Ticker ticker) {
        return new L1Store(maximumBytes, ticker);
    }

    @Override
    public CompletionStage<Lookup> get(String key) {
        Entry entry = cache.getIfPresent(key);
        return CompletableFuture.completedFuture(
                entry == null ? Lookup.miss() : new Lookup.Hit(entry.answer(), Lookup.Tier.L1));
    }

    @Override
    public CompletionStage<Boolean> put(String key, CachedAnswer answer, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(answer, "answer");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        cache.put(key, new Entry(answer, weightOf(answer), ttl));
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletionStage<Long> purge(String keyPrefix) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        AtomicLong removed = new AtomicLong();
        cache.asMap()
                .keySet()
                .removeIf(
                        key -> {
                            boolean match = key.startsWith(keyPrefix);
                            if (match) {
                                removed.incrementAndGet();
                            }
                            return match;
                        });
        return CompletableFuture.completedFuture(removed.get());
    }

    /** What an answer weighs against the byte bound. */
    public static int weightOf(CachedAnswer answer) {
        return (int)
                Math.min(
                        Integer.MAX_VALUE,
                        AnswerCodec.sizeOf(answer) + (long) ENTRY_OVERHEAD_BYTES);
    }

    /**
     * Bytes currently held, by the weigher (what the byte bound counts). Exact once pending
     * maintenance has run ({@link #cleanUp()}); between runs it may still count entries just
     * evicted or expired.
     */
    public long weightedBytes() {
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0L);
    }

    /**
     * Entries currently held. An estimate in the same sense as {@link #weightedBytes()}: entries
     * expired but not yet cleaned up may still count.
     */
    public long entries() {
        return cache.estimatedSize();
    }

    /** Runs pending eviction and expiry now rather than on Caffeine's maintenance schedule. */
    void cleanUp() {
        cache.cleanUp();
    }

    @Override
    public void close() {
        cache.invalidateAll();
    }

    private record Entry(CachedAnswer answer, int weight, Duration ttl) {}
}
