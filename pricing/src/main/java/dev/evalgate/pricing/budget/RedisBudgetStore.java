package dev.evalgate.pricing.budget;

import dev.evalgate.pricing.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Budgets shared by every gateway replica, in Redis (standalone, Sentinel or Cluster).
 *
 * <p>A scope is one hash, {@code <keyPrefix><scopeKey>}: field {@code spent} holds the reconciled
 * spend and one field {@code r:<id>} per outstanding reservation holds {@code
 * <micros>:<expiresAtMillis>}. {@link #RESERVE} drops lapsed reservations, sums the rest and adds
 * the new one only if {@code spent + reserved + worstCase <= budget}, all in one script, so no two
 * callers can both take the last of a budget. Its cost grows with the scope's outstanding
 * reservations, which are its calls in flight. {@link #RECONCILE} deletes the reservation and adds
 * the real cost in one script. Each script touches one key, so a cluster needs no hash tags; the
 * hash expires {@code scopeRetention} after its latest change. Lua compares in doubles, exact for
 * figures below 2^53 micro-dollars (about 9 billion dollars).
 *
 * <p>Times come from the injected clock of the caller's replica; reservation timeouts tolerate
 * clock skew of the same order. The caller owns the connection, which must use a UTF-8 string
 * codec. A Redis failure fails the stage; the gateway chooses whether that admits or refuses the
 * call.
 */
public final class RedisBudgetStore implements BudgetStore {

    /** KEYS[1] scope; ARGV id, budget, worst case, now, expires at, ttl seconds. */
    static final String RESERVE =
            String.join(
                    "\n",
                    "local key = KEYS[1]",
                    "local now = tonumber(ARGV[4])",
                    "local fields = redis.call('HGETALL', key)",
                    "local reserved = 0",
                    "for i = 1, #fields, 2 do",
                    "  local f = fields[i]",
                    "  if string.sub(f, 1, 2) == 'r:' then",
                    "    local v = fields[i + 1]",
                    "    local sep = string.find(v, ':', 1, true)",
                    "    if tonumber(string.sub(v, sep + 1)) <= now then",
                    "      redis.call('HDEL', key, f)",
                    "    else",
                    "      reserved = reserved + tonumber(string.sub(v, 1, sep - 1))",
                    "    end",
                    "  end",
                    "end",
                    "local spent = tonumber(redis.call('HGET', key, 'spent') or '0')",
                    "local granted = 0",
                    "if spent + reserved + tonumber(ARGV[3]) <= tonumber(ARGV[2]) then",
                    "  redis.call('HSET', key, 'r:' .. ARGV[1], ARGV[3] .. ':' .. ARGV[5])",
                    "  granted = 1",
                    "end",
                    "redis.call('EXPIRE', key, ARGV[6])",
                    "return {granted, spent, reserved}");

    /** KEYS[1] scope; ARGV id, actual, ttl seconds. Returns whether the reservation was held. */
    static final String RECONCILE =
            String.join(
                    "\n",
                    "local held = redis.call('HDEL', KEYS[1], 'r:' .. ARGV[1])",
                    "redis.call('HINCRBY', KEYS[1], 'spent', ARGV[2])",
                    "redis.call('EXPIRE', KEYS[1], ARGV[3])",
                    "return held");

    private static final LuaScript RESERVE_SCRIPT = new LuaScript(RESERVE, ScriptOutputType.MULTI);
    private static final LuaScript RECONCILE_SCRIPT =
            new LuaScript(RECONCILE, ScriptOutputType.INTEGER);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final BudgetSettings settings;
    private final Clock clock;

    private RedisBudgetStore(
            RedisClusterAsyncCommands<String, String> redis, BudgetSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
    }

    /** A store on an open connection, standalone or cluster, timed by {@code clock}. */
    public static RedisBudgetStore create(
            RedisClusterAsyncCommands<String, String> redis, BudgetSettings settings, Clock clock) {
        return new RedisBudgetStore(
                Objects.requireNonNull(redis, "redis"),
                Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public CompletionStage<Reservation> reserve(
            String scopeKey, long budgetMicros, long worstCaseMicros) {
        ReservationIds.requireArguments(budgetMicros, worstCaseMicros);
        String id = ReservationIds.next();
        long now = clock.millis();
        return RESERVE_SCRIPT
                .<List<Object>>run(
                        redis,
                        key(scopeKey),
                        id,
                        Long.toString(budgetMicros),
                        Long.toString(worstCaseMicros),
                        Long.toString(now),
                        Long.toString(now + settings.reservationTimeout().toMillis()),
                        Long.toString(settings.scopeRetention().getSeconds()))
                .thenApply(
                        reply ->
                                new Reservation(
                                        scopeKey,
                                        id,
                                        ((Long) reply.get(0)) == 1L,
                                        worstCaseMicros,
                                        (Long) reply.get(1),
                                        (Long) reply.get(2),
                                        budgetMicros));
    }

    @Override
    public CompletionStage<Void> reconcile(Reservation reservation, long actualMicros) {
        InMemoryBudgetStore.requireActual(actualMicros);
        return RECONCILE_SCRIPT
                .<Long>run(
                        redis,
                        key(reservation.scopeKey()),
                        reservation.id(),
                        Long.toString(actualMicros),
                        Long.toString(settings.scopeRetention().getSeconds()))
                .thenApply(held -> null);
    }

    @Override
    public CompletionStage<Long> spent(String scopeKey) {
        return redis.hget(key(scopeKey), "spent")
                .thenApply(value -> value == null ? 0L : Long.parseLong(value));
    }

    private String key(String scopeKey) {
        return settings.keyPrefix() + scopeKey;
    }
}
