package dev.evalgate.cache.semantic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link VectorStore} in a map, for unit tests: cursors are sequence numbers, reads are counted,
 * and a test may hold reads back behind a gate or make them fail.
 */
final class InMemoryVectorStore implements VectorStore {

    private final Map<String, List<Stored>> frames = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final List<String> cursors = new ArrayList<>();
    private long nextId;
    private volatile boolean failing;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    @Override
    public synchronized CompletionStage<Void> add(
            String frame, VectorEntry entry, int maxEntries, Duration ttl) {
        List<Stored> log = frames.computeIfAbsent(frame, ignored -> new ArrayList<>());
        log.add(new Stored(++nextId, entry));
        while (log.size() > maxEntries) {
            log.remove(0);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Batch> read(String frame, String after, int max) {
        reads.incrementAndGet();
        synchronized (this) {
            cursors.add(after);
        }
        return gate.thenApply(ignored -> readNow(frame, after, max));
    }

    private synchronized Batch readNow(String frame, String after, int max) {
        if (failing) {
            return Batch.failed(after);
        }
        long from = after == null ? 0 : Long.parseLong(after);
        List<VectorEntry> entries = new ArrayList<>();
        String cursor = after;
        for (Stored stored : frames.getOrDefault(frame, List.of())) {
            if (stored.id() > from && entries.size() < max) {
                entries.add(stored.entry());
                cursor = Long.toString(stored.id());
            }
        }
        return new Batch(entries, cursor, false);
    }

    /** How many reads were asked for so far. */
    int reads() {
        return reads.get();
    }

    /** The cursors reads were asked to start after, in order ({@code null}: from the oldest). */
    synchronized List<String> cursors() {
        return new ArrayList<>(cursors);
    }

    /** Makes reads fail (completing normally with a failed batch), or succeed again. */
    void failing(boolean failing) {
        this.failing = failing;
    }

    /** Holds every read from now on until the returned future is completed. */
    CompletableFuture<Void> holdReads() {
        CompletableFuture<Void> held = new CompletableFuture<>();
        gate = held;
        return held;
    }

    @Override
    public void close() {}

    private record Stored(long id, VectorEntry entry) {}
}
