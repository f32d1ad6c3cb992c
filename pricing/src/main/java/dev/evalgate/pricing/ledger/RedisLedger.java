package dev.evalgate.pricing.ledger;

import dev.evalgate.pricing.redis.LuaScript;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The ledger shared by every gateway replica, in Redis (standalone, Sentinel or Cluster).
 *
 * <p>Keys, each under {@link LedgerSettings#keyPrefix()}: {@code run:<runId>}, a hash of the run's
 * figures; {@code day:<yyyy-mm-dd>}, a hash of the UTC day's spend by traffic kind; {@code
 * pipeline:<pipeline>}, a sorted set of the pipeline's runs scored by their first call's time. A
 * record changes each hash with one Lua script ({@link HashUpdate#SCRIPT}) of HINCRBYs, so
 * concurrent records from any number of replicas add up exactly and a reader never sees half a
 * call. A run hash expires {@code runRetention} after its latest record, a day hash {@code
 * dayRetention} after its latest record; the pipeline index drops runs started longer than {@code
 * runRetention} ago. Every script touches one key, so nothing needs hash tags on a cluster.
 *
 * <p>{@link #batched} gathers records for a short interval and writes each key's merged update with
 * one script call; the Lua scripts and key layout are the same.
 *
 * <p>The caller owns the connection, which must use a UTF-8 string codec. Nothing here blocks;
 * stages complete on Lettuce's threads. A Redis failure fails the stage and is not retried: the
 * gateway logs it and carries on (fail open), losing that record.
 */
public final class RedisLedger implements Ledger {

    private static final LuaScript UPDATE =
            new LuaScript(HashUpdate.SCRIPT, ScriptOutputType.INTEGER);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final LedgerSettings settings;
    private final long flushNanos;
    private Batch pending;
    private CompletableFuture<Void> lastWritten = CompletableFuture.completedFuture(null);

    /** Records not yet written: merged hash updates and pipeline index entries. */
    private static final class Batch {
        final Map<String, HashUpdate> hashes = new LinkedHashMap<>();
        final Map<String, Long> hashTtls = new HashMap<>();
        final Map<String, Map<String, Long>> index = new LinkedHashMap<>();
        final CompletableFuture<Void> written = new CompletableFuture<>();
    }

    private RedisLedger(
            RedisClusterAsyncCommands<String, String> redis,
            LedgerSettings settings,
            Duration flushInterval) {
        this.redis = redis;
        this.settings = settings;
        this.flushNanos = flushInterval.toNanos();
    }

    /** A ledger on an open connection, standalone or cluster, writing every record at once. */
    public static RedisLedger create(
            RedisClusterAsyncCommands<String, String> redis, LedgerSettings settings) {
        return batched(redis, settings, Duration.ZERO);
    }

    /**
     * A ledger that gathers records for up to {@code flushInterval} and writes them together: the
     * increments of all records to one hash become one script call, so a busy gateway makes a few
     * Redis calls per interval instead of several per request. Sums stay exact (increments add);
     * records not yet written are lost if the process dies, and other replicas see them up to one
     * interval late. Reads from this ledger write its pending records first.
     */
    public static RedisLedger batched(
            RedisClusterAsyncCommands<String, String> redis,
            LedgerSettings settings,
            Duration flushInterval) {
        if (flushInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "flushInterval: " + flushInterval + " (expected: >= 0)");
        }
        return new RedisLedger(
                Objects.requireNonNull(redis, "redis"),
                Objects.requireNonNull(settings, "settings"),
                flushInterval);
    }

    @Override
    public CompletionStage<Void> record(LedgerEntry entry) {
        Objects.requireNonNull(entry, "entry");
        Batch batch;
        boolean first;
        synchronized (this) {
            first = pending == null;
            if (first) {
                pending = new Batch();
            }
            batch = pending;
            if (!entry.runId().isEmpty()) {
                add(
                        batch,
                        runKey(entry.runId()),
                        LedgerFields.runUpdate(entry),
                        settings.runRetention().getSeconds());
                if (!entry.pipeline().isEmpty()) {
                    batch.index
                            .computeIfAbsent(pipelineKey(entry.pipeline()), k -> new HashMap<>())
                            .merge(entry.runId(), entry.atMillis(), Math::min);
                }
            }
            add(
                    batch,
                    dayKey(LedgerFields.dayOf(entry.atMillis())),
                    LedgerFields.dayUpdate(entry),
                    settings.dayRetention().getSeconds());
        }
        if (flushNanos == 0) {
            flush();
            return batch.written;
        }
        if (first) {
            CompletableFuture.delayedExecutor(flushNanos, TimeUnit.NANOSECONDS)
                    .execute(this::flush);
        }
        return batch.written;
    }

    private static void add(Batch batch, String key, HashUpdate update, long ttlSeconds) {
        HashUpdate merged = batch.hashes.get(key);
        if (merged == null) {
            batch.hashes.put(key, update);
        } else {
            merged.merge(update);
        }
        batch.hashTtls.put(key, ttlSeconds);
    }

    /**
     * Writes the pending records now; completes when Redis has them and every batch written before
     * (commands on one connection run in order, so the latest batch's completion says so).
     */
    public CompletionStage<Void> flush() {
        Batch batch;
        synchronized (this) {
            batch = pending;
            pending = null;
            if (batch == null) {
                return lastWritten;
            }
            lastWritten = batch.written;
        }
        List<CompletionStage<?>> writes = new ArrayList<>();
        batch.hashes.forEach(
                (key, update) ->
                        writes.add(
                                UPDATE.run(
                                        redis, key, update.scriptArgs(batch.hashTtls.get(key)))));
        batch.index.forEach((key, runs) -> writes.add(index(key, runs)));
        Stages.done(writes)
                .whenComplete(
                        (ok, e) -> {
                            if (e != null) {
                                batch.written.completeExceptionally(e);
                            } else {
                                batch.written.complete(null);
                            }
                        });
        return batch.written;
    }

    private CompletionStage<Void> index(String key, Map<String, Long> runs) {
        long latest = runs.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long oldest = latest - settings.runRetention().toMillis();
        List<CompletionStage<?>> writes = new ArrayList<>();
        runs.forEach((runId, at) -> writes.add(redis.zadd(key, ZAddArgs.Builder.nx(), at, runId)));
        writes.add(
                redis.zremrangebyscore(
                        key, Range.create(Double.NEGATIVE_INFINITY, (double) oldest - 1)));
        writes.add(redis.expire(key, settings.runRetention().getSeconds()));
        return Stages.done(writes);
    }

    @Override
    public CompletionStage<Optional<RunTotals>> run(String runId) {
        return flush().exceptionally(e -> null)
                .thenCompose(v -> redis.hgetall(runKey(runId)))
                .thenApply(hash -> Optional.ofNullable(LedgerFields.parseRun(runId, hash)));
    }

    @Override
    public CompletionStage<List<RunTotals>> runs(String pipeline, int limit) {
        InMemoryLedger.requirePositive(limit);
        return flush().exceptionally(e -> null)
                .thenCompose(v -> redis.zrevrange(pipelineKey(pipeline), 0, limit - 1L))
                .thenCompose(
                        ids -> {
                            List<CompletionStage<RunTotals>> reads = new ArrayList<>();
                            for (String id : ids) {
                                reads.add(
                                        redis.hgetall(runKey(id))
                                                .thenApply(
                                                        hash -> LedgerFields.parseRun(id, hash)));
                            }
                            return Stages.all(reads);
                        })
                .thenApply(
                        all -> {
                            // Runs still indexed whose hash has expired read as null.
                            all.removeIf(Objects::isNull);
                            return all;
                        });
    }

    @Override
    public CompletionStage<SpendTotals> spend(LocalDate from, LocalDate to) {
        List<CompletionStage<Map<String, String>>> reads = new ArrayList<>();
        List<LocalDate> days = LedgerFields.days(from, to);
        return flush().exceptionally(e -> null)
                .thenCompose(
                        v -> {
                            for (LocalDate day : days) {
                                reads.add(redis.hgetall(dayKey(day)));
                            }
                            return Stages.all(reads);
                        })
                .thenApply(hashes -> LedgerFields.sumDays(from, to, hashes));
    }

    @Override
    public CompletionStage<Void> recordProduction(LocalDate from, LocalDate to, long micros) {
        List<LocalDate> period = LedgerFields.days(from, to);
        InMemoryLedger.requireNonNegative(micros);
        long[] shares = LedgerFields.spread(micros, period.size());
        List<CompletionStage<?>> writes = new ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            writes.add(
                    UPDATE.run(
                            redis,
                            dayKey(period.get(i)),
                            LedgerFields.reportedUpdate(shares[i])
                                    .scriptArgs(settings.dayRetention().getSeconds())));
        }
        return Stages.done(writes);
    }

    private String runKey(String runId) {
        return settings.keyPrefix() + "run:" + runId;
    }

    private String dayKey(LocalDate day) {
        return settings.keyPrefix() + "day:" + day;
    }

    private String pipelineKey(String pipeline) {
        return settings.keyPrefix() + "pipeline:" + pipeline;
    }
}
