package dev.evalgate.cache.redis;

import dev.evalgate.cache.flight.LeaseStore;
import dev.evalgate.cache.index.RecordedRequests;
import dev.evalgate.cache.semantic.VectorStore;
import dev.evalgate.cache.store.AnswerCodec;
import dev.evalgate.cache.store.AnswerStore;
import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.CorruptEntryException;
import dev.evalgate.cache.store.Lookup;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier: answers in Redis (standalone, Sentinel or Cluster) under {@code keyPrefix +
 * key}, as {@link AnswerCodec} envelopes with a PX expiry.
 *
 * <p>Fails open. The client connects in the background, so a Redis that is down does not stop the
 * gateway from starting; Lettuce reconnects a lost connection by itself and a failed first connect
 * is retried on demand. While disconnected, commands are rejected at once rather than queued.
 * Lookups give up after {@link RedisSettings#lookupTimeout()} and writes after {@link
 * RedisSettings#writeTimeout()}; failures become {@link Lookup.Failed} or {@code false}, are
 * counted, and are logged at most once per 30 s per reason. An entry that does not decode is a
 * {@link Lookup.Reason#CORRUPT} failure and is deleted.
 *
 * <p>Nothing here blocks: stages complete on Lettuce's threads (or the JDK's timeout thread), so
 * callers come back to their own executor. Encoding runs on the caller's thread, decoding on
 * Lettuce's.
 */
public final class RedisStore implements AnswerStore, LeaseStore, RecordedRequests {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
    private static final Duration WARN_INTERVAL = Duration.ofSeconds(30);
    private static final Duration CONNECT_RETRY = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
    private static final int SCAN_BATCH = 500;
    private static final String LEASE_PREFIX = "lease:";
    private static final String INDEX_PREFIX = "idx:";

    /** Deletes a lease only if its value is still the caller's owner id. */
    private static final String RELEASE_IF_OWNER =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1])"
                    + " else return 0 end";

    private final RedisSettings settings;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final LazyConnection<RedisClusterAsyncCommands<byte[], byte[]>> connection;
    private final LazyConnection<RedisClusterAsyncCommands<String, String>> stringConnection;
    private final RateLimitedLog warnings =
            new RateLimitedLog(LOG, WARN_INTERVAL, System::nanoTime);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final Map<Lookup.Reason, LongAdder> failures = new EnumMap<>(Lookup.Reason.class);
    private final LongAdder puts = new LongAdder();
    private final LongAdder putFailures = new LongAdder();
    private final RedisVectorStore vectors;

    private RedisStore(RedisSettings settings) {
        this.settings = settings;
        for (Lookup.Reason reason : Lookup.Reason.values()) {
            failures.put(reason, new LongAdder());
        }
        this.resources =
                ClientResources.builder()
                        .reconnectDelay(
                                Delay.exponential(
                                        Duration.ofMillis(10),
                                        Duration.ofSeconds(1),
                                        2,
                                        TimeUnit.MILLISECONDS))
                        .build();
        SocketOptions socket =
                SocketOptions.builder().connectTimeout(settings.writeTimeout()).build();
        // Lettuce times each command out on its own timer wheel: GET with the lookup timeout,
        // everything else with the write timeout. Cheaper per lookup than orTimeout's
        // JDK-wide delay queue, which then bounds only the wait for a connection.
        long lookupNanos = settings.lookupTimeout().toNanos();
        long writeNanos = settings.writeTimeout().toNanos();
        TimeoutOptions timeouts =
                TimeoutOptions.builder()
                        .timeoutSource(
                                new TimeoutOptions.TimeoutSource() {
                                    @Override
                                    public long getTimeout(RedisCommand<?, ?, ?> command) {
                                        return command.getType() == CommandType.GET
                                                ? lookupNanos
                                                : writeNanos;
                                    }

                                    @Override
                                    public TimeUnit getTimeUnit() {
                                        return TimeUnit.NANOSECONDS;
                                    }
                                })
                        .build();
        java.util.function.Function<
                        RedisCodec<?, ?>,
                        Supplier<CompletableFuture<RedisClusterAsyncCommands<?, ?>>>>
                connector;
        try {
            if (settings.cluster()) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, settings.url());
                cluster.setOptions(
                        ClusterClientOptions.builder()
                                .disconnectedBehavior(
                                        ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                                .socketOptions(socket)
                                .timeoutOptions(timeouts)
                                .topologyRefreshOptions(
                                        ClusterTopologyRefreshOptions.builder()
                                                .enableAllAdaptiveRefreshTriggers()
                                                .enablePeriodicRefresh(Duration.ofMinutes(1))
                                                .build())
                                .build());
                this.client = cluster;
                // connectAsync() fails unless the topology was loaded first (the sync connect()
                // loads it implicitly), so load it asynchronously on every attempt.
                connector =
                        codec ->
                                () ->
                                        cluster.refreshPartitionsAsync()
                                                .toCompletableFuture()
                                                .thenCompose(loaded -> cluster.connectAsync(codec))
                                                .thenApply(StatefulRedisClusterConnection::async);
            } else {
                RedisURI uri = RedisURI.create(settings.url());
                RedisClient standalone = RedisClient.create(resources, uri);
                standalone.setOptions(
                        ClientOptions.builder()
                                .disconnectedBehavior(
                                        ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                                .socketOptions(socket)
                                .timeoutOptions(timeouts)
                                .build());
                this.client = standalone;
                connector =
                        codec ->
                                () ->
                                        standalone
                                                .connectAsync(codec, uri)
                                                .toCompletableFuture()
                                                .thenApply(StatefulRedisConnection::async);
            }
        } catch (RuntimeException e) {
            resources.shutdown(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        this.connection =
                new LazyConnection<>(
                        typed(connector.apply(ByteArrayCodec.INSTANCE)),
                        CONNECT_RETRY,
                        System::nanoTime);
        this.stringConnection =
                new LazyConnection<>(
                        typed(connector.apply(StringCodec.UTF8)), CONNECT_RETRY, System::nanoTime);
        this.vectors = new RedisVectorStore(connection, settings, warnings);
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Supplier<CompletableFuture<RedisClusterAsyncCommands<K, V>>> typed(
            Supplier<CompletableFuture<RedisClusterAsyncCommands<?, ?>>> connector) {
        return () -> connector.get().thenApply(c -> (RedisClusterAsyncCommands<K, V>) c);
    }

    /**
     * Commands with UTF-8 string keys and values on a second connection of this store's client, for
     * figures kept beside the cache (the spend ledger, budgets). Opened on first use and opened
     * again after a failed attempt, like the cache's own; completes exceptionally while Redis is
     * unreachable. Keys are not prefixed.
     */
    public CompletionStage<RedisClusterAsyncCommands<String, String>> stringCommands() {
        return stringConnection.get();
    }

    /**
     * Creates the store and starts connecting in the background; returns at once, whether or not
     * Redis is up.
     *
     * @throws IllegalArgumentException if the URL is not a valid Redis URI
     */
    public static RedisStore connect(RedisSettings settings) {
        Objects.requireNonNull(settings, "settings");
        RedisStore store = new RedisStore(settings);
        LOG.info("redis cache: {}", settings);
        return store;
    }

    @Override
    public CompletionStage<Lookup> get(String key) {
        byte[] redisKey = redisKey(key);
        CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> connected = connection.get();
        if (connected.isDone() && !connected.isCompletedExceptionally()) {
            // The usual case: the command carries its own (lookup) timeout.
            return connected
                    .join()
                    .get(redisKey)
                    .handle((value, error) -> lookup(redisKey, value, error));
        }
        return connected
                .thenCompose(commands -> commands.get(redisKey))
                .orTimeout(settings.lookupTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle((value, error) -> lookup(redisKey, value, error));
    }

    private Lookup lookup(byte[] redisKey, byte[] value, Throwable error) {
        if (error != null) {
            Lookup.Reason reason = isTimeout(error) ? Lookup.Reason.TIMEOUT : Lookup.Reason.ERROR;
            return failed(reason, describe(error));
        }
        if (value == null) {
            misses.increment();
            return Lookup.miss();
        }
        try {
            CachedAnswer answer = AnswerCodec.decode(value);
            hits.increment();
            return new Lookup.Hit(answer, Lookup.Tier.L2);
        } catch (CorruptEntryException e) {
            connection.get().thenCompose(commands -> commands.unlink(redisKey));
            return failed(Lookup.Reason.CORRUPT, e.getMessage() + "; entry deleted");
        }
    }

    private Lookup failed(Lookup.Reason reason, String detail) {
        failures.get(reason).increment();
        warnings.warn(reason.label(), detail);
        return new Lookup.Failed(reason);
    }

    @Override
    public CompletionStage<Boolean> put(String key, CachedAnswer answer, Duration ttl) {
        byte[] redisKey = redisKey(key);
        Objects.requireNonNull(answer, "answer");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        byte[] value;
        try {
            value = AnswerCodec.encode(answer);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(putFailed(e));
        }
        SetArgs expiry = SetArgs.Builder.px(ttl);
        return connection
                .get()
                .thenCompose(commands -> commands.set(redisKey, value, expiry))
                .orTimeout(settings.writeTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle(
                        (reply, error) -> {
                            if (error == null && "OK".equals(reply)) {
                                puts.increment();
                                return true;
                            }
                            return putFailed(error);
                        });
    }

    private boolean putFailed(Throwable error) {
        putFailures.increment();
        warnings.warn("put", error == null ? "unexpected reply" : describe(error));
        return false;
    }

    /**
     * Removes the keys under {@code keyPrefix} with SCAN and UNLINK (on every master of a cluster),
     * never KEYS. Completes exceptionally if Redis cannot be reached.
     */
    @Override
    public CompletionStage<Long> purge(String keyPrefix) {
        byte[] pattern =
                (globEscape(settings.keyPrefix() + keyPrefix) + "*")
                        .getBytes(StandardCharsets.UTF_8);
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(SCAN_BATCH);
        return connection
                .get()
                .thenCompose(commands -> purgeFrom(commands, ScanCursor.INITIAL, args, 0L));
    }

    // On a cluster connection Lettuce's SCAN walks the masters one after the other and UNLINK
    // splits its keys by slot, so the same loop serves both topologies.
    private static CompletionStage<Long> purgeFrom(
            RedisClusterAsyncCommands<byte[], byte[]> commands,
            ScanCursor cursor,
            ScanArgs args,
            long removedSoFar) {
        return commands.scan(cursor, args)
                .thenCompose(
                        batch -> {
                            List<byte[]> keys = batch.getKeys();
                            CompletionStage<Long> removed =
                                    keys.isEmpty()
                                            ? CompletableFuture.completedFuture(0L)
                                            : commands.unlink(keys.toArray(new byte[0][]));
                            return removed.thenCompose(
                                    count -> next(commands, batch, args, removedSoFar + count));
                        });
    }

    private static CompletionStage<Long> next(
            RedisClusterAsyncCommands<byte[], byte[]> commands,
            KeyScanCursor<byte[]> batch,
            ScanArgs args,
            long removedSoFar) {
        return batch.isFinished()
                ? CompletableFuture.completedFuture(removedSoFar)
                : purgeFrom(commands, batch, args, removedSoFar);
    }

    @Override
    public CompletionStage<LeaseStore.Outcome> tryAcquire(String key, String owner, Duration ttl) {
        byte[] leaseKey = leaseKey(key);
        byte[] value = owner.getBytes(StandardCharsets.UTF_8);
        SetArgs args = SetArgs.Builder.nx().px(ttl);
        return connection
                .get()
                .thenCompose(commands -> commands.set(leaseKey, value, args))
                .orTimeout(settings.lookupTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle(
                        (reply, error) -> {
                            if (error != null) {
                                warnings.warn("lease", describe(error));
                                return LeaseStore.Outcome.UNAVAILABLE;
                            }
                            return "OK".equals(reply)
                                    ? LeaseStore.Outcome.ACQUIRED
                                    : LeaseStore.Outcome.HELD_ELSEWHERE;
                        });
    }

    @Override
    public CompletionStage<Boolean> isHeld(String key) {
        byte[] leaseKey = leaseKey(key);
        return connection
                .get()
                .thenCompose(commands -> commands.exists(leaseKey))
                .orTimeout(settings.lookupTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle((count, error) -> error == null && count != null && count > 0);
    }

    @Override
    public CompletionStage<Void> release(String key, String owner) {
        byte[][] keys = {leaseKey(key)};
        byte[] value = owner.getBytes(StandardCharsets.UTF_8);
        return connection
                .get()
                .thenCompose(
                        commands ->
                                commands.<Long>eval(
                                        RELEASE_IF_OWNER, ScriptOutputType.INTEGER, keys, value))
                .orTimeout(settings.writeTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle((n, error) -> null);
    }

    @Override
    public CompletionStage<Void> add(String indexKey, byte[] entry, Duration ttl) {
        byte[] key =
                (settings.keyPrefix() + INDEX_PREFIX + indexKey).getBytes(StandardCharsets.UTF_8);
        return connection
                .get()
                .thenCompose(
                        commands -> {
                            // Issued back to back: Lettuce pipelines them on the connection.
                            commands.lpush(key, entry);
                            commands.ltrim(key, 0, RecordedRequests.MAX_ENTRIES - 1);
                            return commands.pexpire(key, ttl.toMillis());
                        })
                .orTimeout(settings.writeTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle((ok, error) -> null);
    }

    @Override
    public CompletionStage<List<byte[]>> list(String indexKey) {
        byte[] key =
                (settings.keyPrefix() + INDEX_PREFIX + indexKey).getBytes(StandardCharsets.UTF_8);
        return connection
                .get()
                .thenCompose(commands -> commands.lrange(key, 0, RecordedRequests.MAX_ENTRIES - 1))
                .orTimeout(settings.writeTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle((entries, error) -> error == null && entries != null ? entries : List.of());
    }

    private byte[] leaseKey(String key) {
        Objects.requireNonNull(key, "key");
        return (settings.keyPrefix() + LEASE_PREFIX + key).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The semantic tier's entries, kept in this Redis beside the answers (under {@code keyPrefix +
     * "sem:"}) over this store's connection. Closing it leaves this store open; closing this store
     * closes it.
     */
    public VectorStore vectors() {
        return vectors;
    }

    /** What this store has done so far, for metrics. */
    public RedisCounters counters() {
        Map<Lookup.Reason, Long> failed = new EnumMap<>(Lookup.Reason.class);
        failures.forEach((reason, count) -> failed.put(reason, count.sum()));
        return new RedisCounters(hits.sum(), misses.sum(), failed, puts.sum(), putFailures.sum());
    }

    /** The settings this store was connected with. */
    public RedisSettings settings() {
        return settings;
    }

    /** Closes the connection and stops the client's threads; waits up to two seconds. */
    @Override
    public void close() {
        try {
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
        } finally {
            resources.shutdown(0, SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private byte[] redisKey(String key) {
        Objects.requireNonNull(key, "key");
        return (settings.keyPrefix() + key).getBytes(StandardCharsets.UTF_8);
    }

    static String globEscape(String literal) {
        StringBuilder glob = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                glob.append('\\');
            }
            glob.append(c);
        }
        return glob.toString();
    }

    private static boolean isTimeout(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof TimeoutException || cause instanceof RedisCommandTimeoutException;
    }

    static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof TimeoutException && cause.getMessage() == null) {
            // orTimeout's own exception has no message
            return "no answer within the cache's lookup_timeout/write_timeout";
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
