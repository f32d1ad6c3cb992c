package dev.evalgate.pricing.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of changes to one hash, applied atomically: by {@link #SCRIPT} in Redis, by {@link
 * #applyTo} in memory, with the same meaning.
 */
final class HashUpdate {

    /**
     * KEYS[1] the hash. ARGV: ttl seconds (0 keeps the expiry), then the counts of increments,
     * sets, set-if-absent, max and min operations, then each operation's field and value.
     */
    static final String SCRIPT =
            String.join(
                    "\n",
                    "local key = KEYS[1]",
                    "local i = 7",
                    "for _ = 1, tonumber(ARGV[2]) do",
                    "  redis.call('HINCRBY', key, ARGV[i], ARGV[i + 1]); i = i + 2",
                    "end",
                    "for _ = 1, tonumber(ARGV[3]) do",
                    "  redis.call('HSET', key, ARGV[i], ARGV[i + 1]); i = i + 2",
                    "end",
                    "for _ = 1, tonumber(ARGV[4]) do",
                    "  redis.call('HSETNX', key, ARGV[i], ARGV[i + 1]); i = i + 2",
                    "end",
                    "for _ = 1, tonumber(ARGV[5]) do",
                    "  local cur = redis.call('HGET', key, ARGV[i])",
                    "  if not cur or tonumber(ARGV[i + 1]) > tonumber(cur) then",
                    "    redis.call('HSET', key, ARGV[i], ARGV[i + 1])",
                    "  end",
                    "  i = i + 2",
                    "end",
                    "for _ = 1, tonumber(ARGV[6]) do",
                    "  local cur = redis.call('HGET', key, ARGV[i])",
                    "  if not cur or tonumber(ARGV[i + 1]) < tonumber(cur) then",
                    "    redis.call('HSET', key, ARGV[i], ARGV[i + 1])",
                    "  end",
                    "  i = i + 2",
                    "end",
                    "if tonumber(ARGV[1]) > 0 then redis.call('EXPIRE', key, ARGV[1]) end",
                    "return 1");

    private final Map<String, Long> increments = new LinkedHashMap<>();
    private final Map<String, String> sets = new LinkedHashMap<>();
    private final Map<String, String> setsIfAbsent = new LinkedHashMap<>();
    private final Map<String, Long> maxima = new LinkedHashMap<>();
    private final Map<String, Long> minima = new LinkedHashMap<>();

    /** Adds {@code delta} to a counter; a zero delta is left out. */
    HashUpdate add(String field, long delta) {
        if (delta != 0) {
            increments.merge(field, delta, Math::addExact);
        }
        return this;
    }

    HashUpdate set(String field, String value) {
        sets.put(field, value);
        return this;
    }

    HashUpdate setIfAbsent(String field, String value) {
        setsIfAbsent.putIfAbsent(field, value);
        return this;
    }

    HashUpdate max(String field, long value) {
        maxima.merge(field, value, Math::max);
        return this;
    }

    HashUpdate min(String field, long value) {
        minima.merge(field, value, Math::min);
        return this;
    }

    /**
     * Folds {@code later} into this update, as if the script ran this update and then {@code
     * later}: increments add up, a later set wins, an earlier set-if-absent wins, maxima and minima
     * combine. Returns this.
     */
    HashUpdate merge(HashUpdate later) {
        later.increments.forEach((f, v) -> increments.merge(f, v, Math::addExact));
        sets.putAll(later.sets);
        later.setsIfAbsent.forEach(setsIfAbsent::putIfAbsent);
        later.maxima.forEach((f, v) -> maxima.merge(f, v, Math::max));
        later.minima.forEach((f, v) -> minima.merge(f, v, Math::min));
        return this;
    }

    /** Applies the update to an in-memory hash, as the script does; the caller holds its lock. */
    void applyTo(Map<String, String> hash) {
        increments.forEach(
                (field, delta) ->
                        hash.merge(
                                field,
                                Long.toString(delta),
                                (old, d) ->
                                        Long.toString(
                                                Math.addExact(
                                                        Long.parseLong(old), Long.parseLong(d)))));
        hash.putAll(sets);
        setsIfAbsent.forEach(hash::putIfAbsent);
        maxima.forEach(
                (field, value) ->
                        hash.merge(
                                field,
                                Long.toString(value),
                                (old, v) -> Long.parseLong(v) > Long.parseLong(old) ? v : old));
        minima.forEach(
                (field, value) ->
                        hash.merge(
                                field,
                                Long.toString(value),
                                (old, v) -> Long.parseLong(v) < Long.parseLong(old) ? v : old));
    }

    /** The script's ARGV for this update. */
    String[] scriptArgs(long ttlSeconds) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(ttlSeconds));
        args.add(Integer.toString(increments.size()));
        args.add(Integer.toString(sets.size()));
        args.add(Integer.toString(setsIfAbsent.size()));
        args.add(Integer.toString(maxima.size()));
        args.add(Integer.toString(minima.size()));
        increments.forEach((f, v) -> pair(args, f, Long.toString(v)));
        sets.forEach((f, v) -> pair(args, f, v));
        setsIfAbsent.forEach((f, v) -> pair(args, f, v));
        maxima.forEach((f, v) -> pair(args, f, Long.toString(v)));
        minima.forEach((f, v) -> pair(args, f, Long.toString(v)));
        return args.toArray(String[]::new);
    }

    private static void pair(List<String> args, String field, String value) {
        args.add(field);
        args.add(value);
    }
}
