package dev.evalgate.pricing.ledger;

import dev.evalgate.pricing.redis.LuaScript;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

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
 * <p>The caller owns the connection, which must use a UTF-8 string codec. Nothing here blocks;
 * stages complete on Lettuce's threads. A Redis failure fails the stage and is not retried: the
 * gateway logs it and carries on (fail open), losing that record.
 */
public final class RedisLedger implements Ledger {

    private static final LuaScript UPDATE =
            new LuaScript(HashUpdate.SCRIPT, ScriptOutputType.INTEGER);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final LedgerSettings settings;

    private RedisLedger(RedisClusterAsyncCommands<String, String> redis, LedgerSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    /** A ledger on an open connection, standalone or cluster. */
    public static RedisLedger create(
            RedisClusterAsyncCommands<String, String> redis, LedgerSettings settings) {
        return new RedisLedger(
                Objects.requireNonNull(redis, "redis"),
                Objects.requireNonNull(settings, "settings"));
    }

    @Override
    public CompletionStage<Void> record(LedgerEntry entry) {
        Objects.requireNonNull(entry, "entry");
        List<CompletionStage<?>> writes = new ArrayList<>();
        if (!entry.runId().isEmpty()) {
            long runTtl = settings.runRetention().getSeconds();
            writes.add(
                    UPDATE.run(
                            redis,
                            runKey(entry.runId()),
                            LedgerFields.runUpdate(entry).scriptArgs(runTtl)));
            if (!entry.pipeline().isEmpty()) {
                writes.add(index(entry));
            }
        }
        writes.add(
                UPDATE.run(
                        redis,
                        dayKey(LedgerFields.dayOf(entry.atMillis())),
                        LedgerFields.dayUpdate(entry)
                                .scriptArgs(settings.dayRetention().getSeconds())));
        return Stages.done(writes);
    }

    private CompletionStage<Void> index(LedgerEntry entry) {
        String key = pipelineKey(entry.pipeline());
        long oldest = entry.atMillis() - settings.runRetention().toMillis();
        return Stages.done(
                List.of(
                        redis.zadd(key, ZAddArgs.Builder.nx(), entry.atMillis(), entry.runId()),
                        redis.zremrangebyscore(
                                key, Range.create(Double.NEGATIVE_INFINITY, (double) oldest - 1)),
                        redis.expire(key, settings.runRetention().getSeconds())));
    }

    @Override
    public CompletionStage<Optional<RunTotals>> run(String runId) {
        return redis.hgetall(runKey(runId))
                .thenApply(hash -> Optional.ofNullable(LedgerFields.parseRun(runId, hash)));
    }

    @Override
    public CompletionStage<List<RunTotals>> runs(String pipeline, int limit) {
        InMemoryLedger.requirePositive(limit);
        return redis.zrevrange(pipelineKey(pipeline), 0, limit - 1L)
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
        for (LocalDate day : LedgerFields.days(from, to)) {
            reads.add(redis.hgetall(dayKey(day)));
        }
        return Stages.all(reads).thenApply(hashes -> LedgerFields.sumDays(from, to, hashes));
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
