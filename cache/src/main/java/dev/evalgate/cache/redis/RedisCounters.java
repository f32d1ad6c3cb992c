package dev.evalgate.cache.redis;

import dev.evalgate.cache.store.Lookup;
import java.util.Map;

/**
 * A snapshot of what a {@link RedisStore} has done since it was connected; every count only grows.
 *
 * @param hits lookups that found an answer
 * @param misses lookups that found nothing
 * @param failures lookups that could not answer, by reason
 * @param puts answers stored
 * @param putFailures answers that could not be stored
 */
public record RedisCounters(
        long hits, long misses, Map<Lookup.Reason, Long> failures, long puts, long putFailures) {

    /** Copies the failure map. */
    public RedisCounters {
        failures = Map.copyOf(failures);
    }

    /** Lookups that failed for {@code reason}. */
    public long failures(Lookup.Reason reason) {
        return failures.getOrDefault(reason, 0L);
    }
}
