package dev.evalgate.cache.store;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A place answers are cached, keyed by cache key.
 *
 * <p>Lookups and writes fail open: a store that is down or slow turns into {@link Lookup.Failed}
 * and {@code false}, never into an exceptionally completed stage, so the caller simply goes
 * upstream. Stages may complete on a store's own threads; callers that care about their thread come
 * back with an {@code ...Async(fn, executor)} stage.
 */
public interface AnswerStore extends AutoCloseable {

    /**
     * Looks up {@code key}. Never completes exceptionally: a store failure becomes {@link
     * Lookup.Failed}.
     */
    CompletionStage<Lookup> get(String key);

    /**
     * Stores {@code answer} under {@code key} for {@code ttl}, replacing any previous answer.
     * Completes with {@code false} when the store could not take it; never exceptionally.
     *
     * @throws IllegalArgumentException if {@code ttl} is not positive
     */
    CompletionStage<Boolean> put(String key, CachedAnswer answer, Duration ttl);

    /**
     * Removes every entry whose key starts with {@code keyPrefix} and completes with how many were
     * removed. Unlike lookups this is an administrative operation: it completes exceptionally if
     * the store could not be purged, so the operator learns of it.
     */
    CompletionStage<Long> purge(String keyPrefix);

    /** Releases the store's connections and threads. */
    @Override
    void close();
}
