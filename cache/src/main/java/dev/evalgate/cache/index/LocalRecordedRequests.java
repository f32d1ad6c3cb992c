package dev.evalgate.cache.index;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link RecordedRequests} in process memory, for a gateway without Redis. Thread-safe. */
public final class LocalRecordedRequests implements RecordedRequests {

    private final Cache<String, ArrayDeque<byte[]>> lists;

    /** Keeps up to {@code maxKeys} index keys, least recently used dropped first. */
    public LocalRecordedRequests(int maxKeys) {
        this.lists = Caffeine.newBuilder().maximumSize(maxKeys).build();
    }

    @Override
    public CompletionStage<Void> add(String indexKey, byte[] entry, Duration ttl) {
        ArrayDeque<byte[]> list = lists.get(indexKey, k -> new ArrayDeque<>());
        synchronized (list) {
            list.addFirst(entry);
            while (list.size() > MAX_ENTRIES) {
                list.removeLast();
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<byte[]>> list(String indexKey) {
        ArrayDeque<byte[]> list = lists.getIfPresent(indexKey);
        if (list == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        synchronized (list) {
            return CompletableFuture.completedFuture(List.copyOf(list));
        }
    }
}
