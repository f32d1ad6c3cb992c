package dev.evalgate.gateway.cache;

import dev.evalgate.cache.semantic.Embedder;
import dev.evalgate.cache.semantic.FrameIndex;
import dev.evalgate.cache.semantic.Frames;
import dev.evalgate.cache.semantic.TextGuard;
import dev.evalgate.cache.semantic.VectorEntry;
import dev.evalgate.cache.semantic.VectorStore;
import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.gateway.config.RouteConfig;
import dev.evalgate.gateway.config.SemanticConfig;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic tier behind the exact cache: a request whose exact key missed may be answered with
 * the stored answer of an earlier request of the same frame (everything but the final user text,
 * see {@link Frames}) whose text the {@link TextGuard} lets through and whose embedding is at least
 * the route's threshold similar.
 *
 * <p>The text is embedded by the tier's default {@link Embedder} (the in-process model) or by an
 * {@link AsyncEmbedder} the caller passes per request, such as an embeddings call through the
 * gateway itself (see {@code gateway.embed.GatewayEmbedder}).
 *
 * <p>Threading: splitting, embedding and scanning are CPU work and run on a bounded pool of worker
 * threads, never on an event loop; when the pool's queue is full a probe is skipped and the request
 * goes on as an exact miss. An asynchronous embedding frees its worker while it waits; the scan
 * then queues for a worker again. Stages complete on a worker, or on the embedder's thread when
 * there is nothing to scan; callers come back to their own loop. Nothing here fails a request: an
 * error (a failed or timed-out embedding included) is a skipped probe.
 */
public final class SemanticCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SemanticCache.class);

    private final Embedder embedder;
    private final AsyncEmbedder local;
    private final FrameIndex index;
    private final ThreadPoolExecutor workers;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder ineligible = new LongAdder();
    private final LongAdder busy = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder indexed = new LongAdder();
    private volatile java.util.function.LongConsumer probeNanos = nanos -> {};

    private final long maxWaitNanos;
    private final java.util.function.LongSupplier nanoTime;

    private SemanticCache(
            Embedder embedder,
            FrameIndex index,
            ThreadPoolExecutor workers,
            Duration maxWait,
            java.util.function.LongSupplier nanoTime) {
        this.embedder = embedder;
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoTime = nanoTime;
        this.local = AsyncEmbedder.onCallingThread(embedder);
        this.index = index;
        this.workers = workers;
    }

    /**
     * The tier with its worker pool and index; vectors are shared through {@code storeOrNull}
     * (null: this process only); {@code embedder} embeds on the workers when a probe names no
     * other.
     */
    public static SemanticCache create(
            SemanticConfig config, VectorStore storeOrNull, Embedder embedder) {
        return create(config, storeOrNull, embedder, System::nanoTime);
    }

    /** {@link #create} timing queue waits by {@code nanoTime} (tests move it by hand). */
    static SemanticCache create(
            SemanticConfig config,
            VectorStore storeOrNull,
            Embedder embedder,
            java.util.function.LongSupplier nanoTime) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers =
                new ThreadPoolExecutor(
                        config.workers(),
                        config.workers(),
                        0,
                        TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(config.queue()),
                        r -> {
                            Thread t = new Thread(r, "evalgate-semantic-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        FrameIndex index =
                FrameIndex.of(
                        storeOrNull,
                        config.maxBytes(),
                        config.maxEntriesPerFrame(),
                        config.refresh(),
                        com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
                        workers);
        return new SemanticCache(embedder, index, workers, config.maxWait(), nanoTime);
    }

    /** The tier's default embedder (given to {@link #create}), run on the workers. */
    public AsyncEmbedder defaultEmbedder() {
        return local;
    }

    /**
     * Where each searching probe's duration goes, in nanoseconds from submission to result, for the
     * probes that ran to a hit or a miss (skipped, ineligible and failed ones are counted, not
     * timed).
     */
    public void timeProbesWith(java.util.function.LongConsumer sink) {
        this.probeNanos = sink;
    }

    /** Loads the embedding model in the background, so the first request does not wait for it. */
    public void warmUp() {
        try {
            workers.execute(
                    () -> {
                        try {
                            embedder.embed("warm up");
                        } catch (RuntimeException e) {
                            LOG.warn(
                                    "semantic tier: the embedder failed to load: {}", e.toString());
                        }
                    });
        } catch (RejectedExecutionException e) {
            // The first probe loads it instead.
        }
    }

    /**
     * A request as the semantic tier sees it: its frame's key, its final user text and that text's
     * embedding, and the best earlier answer of its frame, if one qualified.
     *
     * @param match the earlier request to answer from, or null
     */
    public record Probe(String frame, String text, float[] vector, FrameIndex.Match match) {}

    /**
     * {@link #probe(StreamFormat, byte[], Function, RouteConfig.Semantic, AsyncEmbedder, boolean)}
     * with the tier's default embedder.
     */
    public CompletionStage<Probe> probe(
            StreamFormat format,
            byte[] canonical,
            Function<byte[], String> frameKey,
            RouteConfig.Semantic settings,
            boolean search) {
        return probe(format, canonical, frameKey, settings, local, search);
    }

    /**
     * Splits, embeds and (with {@code search}) searches the request off the event loop. Completes
     * with null when the request is not eligible (see {@link Frames}), the workers are saturated,
     * or anything failed (the embedding included); never exceptionally.
     *
     * @param frameKey turns the frame's canonical bytes into the frame's key (it adds tenant,
     *     namespace, provider, model, endpoint and embedder, which the bytes do not hold)
     * @param embedder embeds the request's final user text; its name must be in the frame key
     */
    public CompletionStage<Probe> probe(
            StreamFormat format,
            byte[] canonical,
            Function<byte[], String> frameKey,
            RouteConfig.Semantic settings,
            AsyncEmbedder embedder,
            boolean search) {
        CompletableFuture<Probe> result = new CompletableFuture<>();
        long start = nanoTime.getAsLong();
        if (search) {
            java.util.function.LongConsumer sink = probeNanos;
            result.thenAccept(
                    p -> {
                        if (p != null) {
                            sink.accept(nanoTime.getAsLong() - start);
                        }
                    });
        }
        try {
            workers.execute(
                    () -> {
                        if (nanoTime.getAsLong() - start > maxWaitNanos) {
                            // Waited too long for a worker: the request must not wait longer.
                            skip(busy, search, result);
                            return;
                        }
                        try {
                            probeNow(
                                    format, canonical, frameKey, settings, embedder, search,
                                    result);
                        } catch (RuntimeException e) {
                            fail(result, e, search);
                        }
                    });
        } catch (RejectedExecutionException e) {
            skip(busy, search, result);
        }
        return result;
    }

    private void probeNow(
            StreamFormat format,
            byte[] canonical,
            Function<byte[], String> frameKey,
            RouteConfig.Semantic settings,
            AsyncEmbedder embedder,
            boolean search,
            CompletableFuture<Probe> result) {
        Frames.Split split = Frames.split(format, canonical, settings.maxChars());
        if (split == null) {
            skip(ineligible, search, result);
            return;
        }
        String frame = frameKey.apply(split.frame());
        Thread worker = Thread.currentThread();
        embedder.embed(split.text())
                .whenComplete(
                        (vector, e) -> {
                            if (e != null || vector == null) {
                                fail(
                                        result,
                                        e != null ? e : new IllegalStateException("no vector"),
                                        search);
                            } else if (!search) {
                                result.complete(new Probe(frame, split.text(), vector, null));
                            } else if (Thread.currentThread() == worker) {
                                search(frame, split.text(), vector, settings, result);
                            } else {
                                onWorker(
                                        () -> search(frame, split.text(), vector, settings, result),
                                        result);
                            }
                        });
    }

    /** Runs {@code task} on a worker; when none can take it, the probe is skipped as busy. */
    private void onWorker(Runnable task, CompletableFuture<Probe> result) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            skip(busy, true, result);
        }
    }

    /**
     * Completes a probe with nothing; only a searching probe is counted, so indexing a stored
     * answer never counts its request twice.
     */
    private static void skip(LongAdder counter, boolean search, CompletableFuture<Probe> result) {
        if (search) {
            counter.increment();
        }
        result.complete(null);
    }

    private void search(
            String frame,
            String text,
            float[] vector,
            RouteConfig.Semantic settings,
            CompletableFuture<Probe> result) {
        try {
            TextGuard.Terms terms = TextGuard.termsOf(text);
            index.nearest(
                            frame,
                            vector,
                            settings.threshold(),
                            entry -> TextGuard.compatible(terms, TextGuard.termsOf(entry.text())))
                    .whenComplete(
                            (match, e) -> {
                                if (e != null) {
                                    fail(result, e, true);
                                    return;
                                }
                                (match == null ? misses : hits).increment();
                                result.complete(new Probe(frame, text, vector, match));
                            });
        } catch (RuntimeException e) {
            fail(result, e, true);
        }
    }

    private void fail(CompletableFuture<Probe> result, Throwable e, boolean search) {
        LOG.debug("semantic probe failed: {}", e.toString());
        skip(errors, search, result);
    }

    /**
     * Adds an answered request to its frame, so later near-duplicates find it; {@code storeKey} is
     * where its answer is stored.
     */
    public void remember(Probe probe, String storeKey, Duration ttl) {
        index.add(probe.frame(), new VectorEntry(storeKey, probe.vector(), probe.text()), ttl);
        indexed.increment();
    }

    /**
     * {@link #index(StreamFormat, byte[], Function, RouteConfig.Semantic, AsyncEmbedder, String,
     * Duration)} with the tier's default embedder.
     */
    public void index(
            StreamFormat format,
            byte[] canonical,
            Function<byte[], String> frameKey,
            RouteConfig.Semantic settings,
            String storeKey,
            Duration ttl) {
        index(format, canonical, frameKey, settings, local, storeKey, ttl);
    }

    /** Probes without searching, then remembers: for a stored answer that was never probed. */
    public void index(
            StreamFormat format,
            byte[] canonical,
            Function<byte[], String> frameKey,
            RouteConfig.Semantic settings,
            AsyncEmbedder embedder,
            String storeKey,
            Duration ttl) {
        probe(format, canonical, frameKey, settings, embedder, false)
                .thenAccept(
                        p -> {
                            if (p != null) {
                                remember(p, storeKey, ttl);
                            }
                        });
    }

    /** Probes that found an earlier answer (before its entry was read). */
    public long hitCount() {
        return hits.sum();
    }

    /** Probes that found nothing similar enough. */
    public long missCount() {
        return misses.sum();
    }

    /** Requests whose shape the tier cannot use (see {@link Frames}). */
    public long ineligibleCount() {
        return ineligible.sum();
    }

    /** Probes skipped because every worker was busy and the queue full. */
    public long busyCount() {
        return busy.sum();
    }

    /** Probes that failed. */
    public long errorCount() {
        return errors.sum();
    }

    /** Answered requests added to the index. */
    public long indexedCount() {
        return indexed.sum();
    }

    /** Vectors held in process. */
    public long entries() {
        return index.entries();
    }

    /** Probes waiting for a worker. */
    public int queued() {
        return workers.getQueue().size();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
