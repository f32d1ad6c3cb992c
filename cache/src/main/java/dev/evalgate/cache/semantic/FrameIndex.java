package dev.evalgate.cache.semantic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;

/**
 * The in-process index of the semantic tier: per frame, the entries of earlier answered requests,
 * searched by exact linear scan (dot product of unit vectors), shared by every request of a
 * gateway.
 *
 * <p>Frames are held in a cache bounded by their approximate heap weight, evicted whole. With a
 * {@link VectorStore}, a frame that is not held or was last read from the store more than {@code
 * refreshAfter} ago is first brought up to date from it (incrementally, from the last cursor), so
 * entries added by other replicas or before a restart are found too; concurrent lookups of a frame
 * share one such read. A store that fails costs nothing but freshness: what is held is scanned, and
 * the store is tried again only after another {@code refreshAfter}.
 *
 * <p>Thread-safe. The scan is CPU work: it runs on the calling thread when the frame is fresh and
 * on the scan executor after a read from the store, never on the store's threads.
 */
public final class FrameIndex {

    /** How many entries one read from the store asks for. */
    static final int PAGE = 256;

    private static final CompletableFuture<Void> FRESH = CompletableFuture.completedFuture(null);

    private final VectorStore store;
    private final int maxEntriesPerFrame;
    private final long refreshAfterNanos;
    private final Ticker ticker;
    private final Executor scanExecutor;
    private final Cache<String, Frame> frames;

    private FrameIndex(
            VectorStore store,
            long maxBytes,
            int maxEntriesPerFrame,
            Duration refreshAfter,
            Ticker ticker,
            Executor scanExecutor) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
        }
        if (maxEntriesPerFrame < 1) {
            throw new IllegalArgumentException(
                    "maxEntriesPerFrame: " + maxEntriesPerFrame + " (expected: >= 1)");
        }
        if (refreshAfter.isNegative()) {
            throw new IllegalArgumentException(
                    "refreshAfter: " + refreshAfter + " (expected: >= 0)");
        }
        this.store = store;
        this.maxEntriesPerFrame = maxEntriesPerFrame;
        this.refreshAfterNanos = refreshAfter.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.scanExecutor = Objects.requireNonNull(scanExecutor, "scanExecutor");
        this.frames =
                Caffeine.newBuilder()
                        .maximumWeight(maxBytes)
                        .weigher((String key, Frame frame) -> weight(frame))
                        // Evictions happen on the writing thread, keeping the figures exact.
                        .executor(Runnable::run)
                        .build();
    }

    /** An index on the system ticker, scanning after store reads on the common pool. */
    public static FrameIndex of(
            VectorStore storeOrNull, long maxBytes, int maxEntriesPerFrame, Duration refreshAfter) {
        return of(storeOrNull, maxBytes, maxEntriesPerFrame, refreshAfter, Ticker.systemTicker());
    }

    /**
     * An index timing refreshes by {@code ticker}, scanning after store reads on the common pool.
     */
    public static FrameIndex of(
            VectorStore storeOrNull,
            long maxBytes,
            int maxEntriesPerFrame,
            Duration refreshAfter,
            Ticker ticker) {
        return of(
                storeOrNull,
                maxBytes,
                maxEntriesPerFrame,
                refreshAfter,
                ticker,
                ForkJoinPool.commonPool());
    }

    /**
     * An index over {@code storeOrNull} (null: purely in-process) holding at most about {@code
     * maxBytes} of frames and {@code maxEntriesPerFrame} entries per frame, re-reading a frame from
     * the store once it was read more than {@code refreshAfter} ago by {@code ticker}. A scan that
     * had to wait for the store runs on {@code scanExecutor} (the caller's worker pool).
     *
     * @throws IllegalArgumentException if a bound is not positive or refreshAfter is negative
     */
    public static FrameIndex of(
            VectorStore storeOrNull,
            long maxBytes,
            int maxEntriesPerFrame,
            Duration refreshAfter,
            Ticker ticker,
            Executor scanExecutor) {
        return new FrameIndex(
                storeOrNull, maxBytes, maxEntriesPerFrame, refreshAfter, ticker, scanExecutor);
    }

    /**
     * Finds the entry of {@code frame} most similar to {@code query} whose similarity is at least
     * {@code threshold} and which {@code accept} accepts (rejected ones are skipped, the scan goes
     * on); completes with null when none qualifies. Never completes exceptionally unless {@code
     * accept} throws.
     */
    public CompletionStage<Match> nearest(
            String frame, float[] query, double threshold, Predicate<VectorEntry> accept) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(accept, "accept");
        Frame held = frames.get(frame, ignored -> new Frame(maxEntriesPerFrame));
        CompletableFuture<Void> ready = refresh(frame, held);
        if (ready.isDone()) {
            return CompletableFuture.completedFuture(held.nearest(query, threshold, accept));
        }
        return ready.thenApplyAsync(
                ignored -> held.nearest(query, threshold, accept), scanExecutor);
    }

    /**
     * Adds {@code entry} to {@code frame}: at once to the frame held here, so this replica finds it
     * immediately, and to the store (without waiting), whose copy of the frame expires {@code ttl}
     * after its last add. An entry whose store key the frame holds already is not added again.
     */
    public void add(String frame, VectorEntry entry, Duration ttl) {
        Objects.requireNonNull(entry, "entry");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        Frame held = frames.get(frame, ignored -> new Frame(maxEntriesPerFrame));
        held.append(List.of(entry));
        reweigh(frame);
        if (store != null) {
            store.add(frame, entry, maxEntriesPerFrame, ttl);
        }
    }

    private CompletableFuture<Void> refresh(String key, Frame frame) {
        if (store == null) {
            return FRESH;
        }
        Frame.Refresh refresh = frame.refreshIfDue(ticker.read(), refreshAfterNanos);
        if (refresh == null) {
            return FRESH;
        }
        if (refresh.claimed()) {
            readPages(key, frame, 0).whenComplete((done, error) -> frame.refreshed());
        }
        return refresh.done();
    }

    /** Reads pages until one comes back short, failed, or a frame's worth has been read. */
    private CompletionStage<Void> readPages(String key, Frame frame, int readSoFar) {
        String after = frame.cursor();
        int page = Math.min(PAGE, maxEntriesPerFrame);
        CompletionStage<VectorStore.Batch> read;
        try {
            read = store.read(key, after, page);
        } catch (RuntimeException e) {
            return FRESH;
        }
        return read.exceptionally(error -> VectorStore.Batch.failed(after))
                .thenCompose(
                        batch -> {
                            if (batch.failed()) {
                                return FRESH;
                            }
                            frame.appendRead(batch.entries(), batch.cursor());
                            reweigh(key);
                            int total = readSoFar + batch.entries().size();
                            return batch.entries().size() < page || total >= maxEntriesPerFrame
                                    ? FRESH
                                    : readPages(key, frame, total);
                        });
    }

    /** Has the cache weigh the frame held under {@code key} again, after it grew or shrank. */
    private void reweigh(String key) {
        frames.asMap().computeIfPresent(key, (k, held) -> held);
    }

    private static int weight(Frame frame) {
        return (int) Math.min(Integer.MAX_VALUE, frame.bytes());
    }

    /** How many frames are held. */
    public long frames() {
        return frames.estimatedSize();
    }

    /** How many entries all held frames hold together. */
    public long entries() {
        long total = 0;
        for (Frame frame : frames.asMap().values()) {
            total += frame.size();
        }
        return total;
    }

    /** The approximate heap the held frames take, as the bound counts it. */
    public long weightedBytes() {
        return frames.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /**
     * The entry a lookup found, and its similarity (dot product) to the query.
     *
     * @param entry the earlier request's entry
     * @param similarity its cosine similarity to the query, in [-1, 1]
     */
    public record Match(VectorEntry entry, double similarity) {}
}
