package dev.evalgate.cache.index;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The most recent recorded request bodies per index key (tenant, namespace, endpoint, model,
 * pipeline), so a miss can say what changed against the closest recorded request. Operations never
 * complete exceptionally: a store that cannot answer gives an empty list.
 */
public interface RecordedRequests {

    /**
     * Most entries kept per index key: a miss fetches them all, so this bounds what every miss
     * reads from Redis.
     */
    int MAX_ENTRIES = 64;

    /** Bodies larger than this (canonical bytes) are not indexed. */
    int MAX_ENTRY_BYTES = 32 * 1024;

    /** Adds {@code entry} (an encoded canonical body) as the newest of {@code indexKey}. */
    CompletionStage<Void> add(String indexKey, byte[] entry, Duration ttl);

    /** The entries of {@code indexKey}, newest first. */
    CompletionStage<List<byte[]>> list(String indexKey);
}
