package dev.evalgate.cache.semantic;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Where the entries of each frame are shared between replicas and kept across restarts: an
 * append-only log per frame, read incrementally with a cursor.
 *
 * <p>Fails open: no stage returned here completes exceptionally. A failed or timed-out write is
 * dropped (and counted and logged by the implementation); a failed read is a {@link Batch} with
 * {@link Batch#failed()} set. Stages may complete on the store's own threads, so callers that have
 * more than trivial work to do come back to an executor of their own.
 */
public interface VectorStore extends AutoCloseable {

    /**
     * Appends {@code entry} to the frame's log, keeps only its {@code maxEntries} newest entries,
     * and makes the whole frame expire {@code ttl} after this, its last add.
     *
     * @throws IllegalArgumentException if {@code maxEntries < 1} or {@code ttl} is not positive
     */
    CompletionStage<Void> add(String frame, VectorEntry entry, int maxEntries, Duration ttl);

    /**
     * Reads up to {@code max} of the frame's entries added after the cursor {@code after} ({@code
     * null}: from the oldest kept), oldest first.
     *
     * @throws IllegalArgumentException if {@code max < 1}
     */
    CompletionStage<Batch> read(String frame, String after, int max);

    /** Releases what this store holds of its own; never throws a checked exception. */
    @Override
    void close();

    /**
     * What one {@link #read} returned.
     *
     * @param entries the entries read, oldest first
     * @param cursor the position of the last entry read, to pass as {@code after} next time; the
     *     {@code after} given when nothing was read ({@code null} if that was {@code null})
     * @param failed whether the store could not be read (then {@code entries} is empty)
     */
    record Batch(List<VectorEntry> entries, String cursor, boolean failed) {

        /** Copies the list; rejects a null one. */
        public Batch {
            entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
        }

        /** A failed read: no entries, the cursor unchanged. */
        public static Batch failed(String after) {
            return new Batch(List.of(), after, true);
        }
    }
}
