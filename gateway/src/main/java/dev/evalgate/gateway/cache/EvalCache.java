package dev.evalgate.gateway.cache;

import dev.evalgate.cache.flight.LeaseStore;
import dev.evalgate.cache.flight.SingleFlight;
import dev.evalgate.cache.index.LocalRecordedRequests;
import dev.evalgate.cache.index.MissExplainer;
import dev.evalgate.cache.index.RecordedRequests;
import dev.evalgate.cache.key.CacheKey;
import dev.evalgate.cache.redis.RedisSettings;
import dev.evalgate.cache.redis.RedisStore;
import dev.evalgate.cache.store.AnswerStore;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.L1Store;
import dev.evalgate.cache.store.Lookup;
import dev.evalgate.cache.store.TieredStore;
import dev.evalgate.gateway.config.CacheConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's cache: the configured stores (Caffeine L1 in front of Redis, or either alone), the
 * single-flight table, and counters. Lookups and stores never fail the request: a store that is
 * down or slow turns into a miss (fail-open).
 *
 * <p>An answer whose body is over {@code cache.max_entry_bytes} is not stored ({@link #admits}): it
 * is relayed, and the next identical request goes upstream again.
 *
 * <p>Stored entries are addressed as {@code <namespace>/<upstream model>/<key hex>}, so an admin
 * can purge a namespace or one model of it.
 */
public final class EvalCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvalCache.class);

    /** Longest an entry lives in L1 when Redis is behind it (bounds staleness after a purge). */
    static final Duration L1_TTL_IN_FRONT_OF_REDIS = Duration.ofHours(1);

    /** Index keys kept in memory without Redis. */
    static final int LOCAL_INDEX_KEYS = 10_000;

    private final AnswerStore store;
    private final L1Store l1;
    private final LeaseStore leases;
    private final RecordedRequests recorded;
    private final ThreadPoolExecutor explainer =
            new ThreadPoolExecutor(
                    1,
                    1,
                    0,
                    TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(1024),
                    r -> {
                        Thread t = new Thread(r, "evalgate-miss-explainer");
                        t.setDaemon(true);
                        return t;
                    });
    private final String owner = java.util.UUID.randomUUID().toString();
    private final SingleFlight flights = new SingleFlight();
    private final String description;
    private final long maxEntryBytes;
    private final LongAdder tooLarge = new LongAdder();
    private final LongAdder storeFailures = new LongAdder();
    private final LongAdder stored = new LongAdder();

    private EvalCache(
            AnswerStore store,
            L1Store l1,
            LeaseStore leases,
            RecordedRequests recorded,
            String description,
            long maxEntryBytes) {
        this.store = store;
        this.maxEntryBytes = maxEntryBytes;
        this.l1 = l1;
        this.leases = leases;
        this.recorded = recorded;
        this.description = description;
    }

    /** The cache the config describes. Never blocks on Redis: it connects in the background. */
    public static EvalCache create(CacheConfig config) {
        L1Store l1 = config.l1MaxBytes() > 0 ? L1Store.of(config.l1MaxBytes()) : null;
        RedisStore l2 = null;
        if (config.redis() != null) {
            l2 =
                    RedisStore.connect(
                            RedisSettings.of(config.redis().url())
                                    .withCluster(config.redis().cluster())
                                    .withLookupTimeout(config.lookupTimeout()));
        }
        if (l1 != null && l2 != null) {
            Duration l1Ttl =
                    config.ttl().compareTo(L1_TTL_IN_FRONT_OF_REDIS) < 0
                            ? config.ttl()
                            : L1_TTL_IN_FRONT_OF_REDIS;
            return new EvalCache(
                    TieredStore.of(l1, l2, l1Ttl),
                    l1,
                    l2,
                    l2,
                    "in-process L1 + Redis",
                    config.maxEntryBytes());
        }
        if (l2 != null) {
            return new EvalCache(l2, null, l2, l2, "Redis (no L1)", config.maxEntryBytes());
        }
        RecordedRequests local = new LocalRecordedRequests(LOCAL_INDEX_KEYS);
        if (l1 != null) {
            return new EvalCache(
                    l1,
                    l1,
                    null,
                    local,
                    "in-process only (no Redis configured: entries are lost on restart)",
                    config.maxEntryBytes());
        }
        return new EvalCache(
                null,
                null,
                null,
                local,
                "none (l1_max_bytes is 0 and no Redis): every request misses",
                config.maxEntryBytes());
    }

    /**
     * The Redis store's string commands, asked for afresh on every call (for the spend ledger and
     * budgets beside the cache); null when no Redis is configured.
     */
    public java.util.function.Supplier<
                    java.util.concurrent.CompletionStage<
                            io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<
                                    String, String>>>
            redisStrings() {
        return leases instanceof RedisStore redis ? redis::stringCommands : null;
    }

    /**
     * Where the semantic tier shares its vectors: beside the answers in Redis; null without Redis
     * (the tier then keeps them in process only).
     */
    public dev.evalgate.cache.semantic.VectorStore vectors() {
        return leases instanceof RedisStore redis ? redis.vectors() : null;
    }

    /** One line for the start-up log. */
    public String description() {
        return description;
    }

    /** The address of an entry in the stores. */
    public static String storeKey(String namespace, String upstreamModel, CacheKey key) {
        return namespace + "/" + upstreamModel + "/" + key.hex();
    }

    /** Looks a key up; never completes exceptionally. */
    public CompletionStage<Lookup> lookup(String storeKey) {
        if (store == null) {
            return CompletableFuture.completedFuture(Lookup.miss());
        }
        return store.get(storeKey)
                .exceptionally(
                        e -> {
                            LOG.debug("cache lookup failed: {}", e.toString());
                            return new Lookup.Failed(Lookup.Reason.ERROR);
                        });
    }

    /**
     * True when {@code answer} is small enough to store ({@code cache.max_entry_bytes}); a refusal
     * is counted.
     */
    public boolean admits(CachedAnswer answer) {
        if (answer.body().length <= maxEntryBytes) {
            return true;
        }
        tooLarge.increment();
        LOG.debug(
                "answer of {} bytes not cached: over cache.max_entry_bytes ({})",
                answer.body().length,
                maxEntryBytes);
        return false;
    }

    /**
     * Stores an answer; a failure is counted, never raised. The stage completes when the write has
     * landed (or failed).
     */
    public CompletionStage<Boolean> store(String storeKey, CachedAnswer answer, Duration ttl) {
        if (store == null) {
            return CompletableFuture.completedFuture(false);
        }
        return store.put(storeKey, answer, ttl)
                .whenComplete(
                        (ok, e) -> {
                            if (e == null && Boolean.TRUE.equals(ok)) {
                                stored.increment();
                            } else {
                                storeFailures.increment();
                            }
                        });
    }

    /**
     * Removes entries: a whole namespace, one model of it, or everything.
     *
     * @param namespace null for every namespace
     * @param model null for every model (only with a namespace)
     */
    public CompletionStage<Long> purge(String namespace, String model) {
        if (store == null) {
            return CompletableFuture.completedFuture(0L);
        }
        String prefix =
                namespace == null ? "" : namespace + "/" + (model == null ? "" : model + "/");
        return store.purge(prefix);
    }

    /**
     * Remembers a stored request's canonical body under its index key, so later misses of similar
     * requests can say what changed.
     */
    public void remember(String indexKey, byte[] canonical, Duration ttl) {
        byte[] entry = MissExplainer.encode(canonical);
        if (entry != null) {
            recorded.add(indexKey, entry, ttl);
        }
    }

    /**
     * Why {@code canonical} missed, against the recorded requests of its index key. Runs off the
     * event loop on one bounded worker; when that is saturated the answer is {@code new}.
     */
    public CompletionStage<MissExplainer.Explanation> explain(String indexKey, byte[] canonical) {
        return recorded.list(indexKey)
                .thenCompose(
                        entries -> {
                            if (entries.isEmpty()) {
                                return CompletableFuture.completedFuture(MissExplainer.NEW);
                            }
                            try {
                                return CompletableFuture.supplyAsync(
                                        () -> MissExplainer.explain(canonical, entries), explainer);
                            } catch (RejectedExecutionException e) {
                                return CompletableFuture.completedFuture(MissExplainer.NEW);
                            }
                        })
                .exceptionally(e -> MissExplainer.NEW);
    }

    /** The index key of requests comparable to each other (everything but the body). */
    public static String indexKey(
            String namespace,
            String tenant,
            String endpoint,
            String upstreamModel,
            String pipeline,
            int sample) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String part :
                    new String[] {
                        namespace,
                        tenant,
                        endpoint,
                        upstreamModel,
                        String.valueOf(pipeline),
                        Integer.toString(sample)
                    }) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                d.update((byte) (b.length >>> 24));
                d.update((byte) (b.length >>> 16));
                d.update((byte) (b.length >>> 8));
                d.update((byte) b.length);
                d.update(b);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Leases that coordinate identical requests across replicas, or null with no Redis. */
    public LeaseStore leases() {
        return leases;
    }

    /** This process's lease owner id. */
    public String owner() {
        return owner;
    }

    /** Identical requests in flight. */
    public SingleFlight flights() {
        return flights;
    }

    /** Whether an in-process L1 tier is configured. */
    public boolean hasL1() {
        return l1 != null;
    }

    /** Entries in the L1 tier (an estimate, see {@link L1Store#entries()}); 0 without one. */
    public long l1Entries() {
        return l1 == null ? 0 : l1.entries();
    }

    /** Bytes the L1 tier holds by its weigher; 0 without one. */
    public long l1Bytes() {
        return l1 == null ? 0 : l1.weightedBytes();
    }

    /** Answers stored since start. */
    public long storedCount() {
        return stored.sum();
    }

    /** Answers not stored since start because they were over {@code cache.max_entry_bytes}. */
    public long tooLargeCount() {
        return tooLarge.sum();
    }

    /** Store writes that failed since start. */
    public long storeFailureCount() {
        return storeFailures.sum();
    }

    @Override
    public void close() {
        explainer.shutdownNow();
        if (store != null) {
            try {
                store.close();
            } catch (Exception e) {
                LOG.debug("closing the cache store failed: {}", e.toString());
            }
        }
    }
}
