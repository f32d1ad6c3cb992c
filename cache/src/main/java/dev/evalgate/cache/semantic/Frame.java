package dev.evalgate.cache.semantic;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/*
 * Threading: writers (local adds, a refresh appending what it read) hold the frame's monitor;
 * scans take no lock. Entries live in an array that is only appended to; each write publishes a
 * new immutable View (array, start, end) through a volatile field, so a scan sees a consistent
 * range of fully written slots. Dropping the oldest entry nulls its slot, which a scan still
 * holding an older view may see: it skips nulls. When the array is full it is compacted into a
 * new one, which old views never see.
 *
 * Refresh: at most one refresh per frame is in flight; lookups that find one wait on its future.
 */

/** The entries of one frame held in process, with the state of its refresh from the store. */
final class Frame {

    /** Per-entry bytes beyond vector and strings: object headers, the slot, the key-set node. */
    static final int ENTRY_OVERHEAD = 64;

    private static final int FRAME_OVERHEAD = 256;
    private static final int MIN_CAPACITY = 16;

    private final int maxEntries;
    private final Set<String> storeKeys = new HashSet<>();
    private VectorEntry[] slots = new VectorEntry[MIN_CAPACITY];
    private int start;
    private int end;
    private long entryBytes;
    private volatile View view = new View(slots, 0, 0);
    private volatile long bytes = FRAME_OVERHEAD + 4L * MIN_CAPACITY;

    private CompletableFuture<Void> refreshing;
    private boolean loaded;
    private long fetchedAtNanos;
    private String cursor;

    Frame(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Appends the entries whose store keys are not held yet, dropping the oldest beyond max. */
    synchronized void append(List<VectorEntry> entries) {
        boolean changed = false;
        for (VectorEntry entry : entries) {
            changed |= appendOne(entry);
        }
        if (changed) {
            view = new View(slots, start, end);
            bytes = FRAME_OVERHEAD + 4L * slots.length + entryBytes;
        }
    }

    private boolean appendOne(VectorEntry entry) {
        if (!storeKeys.add(entry.storeKey())) {
            return false;
        }
        if (end == slots.length) {
            int size = end - start;
            VectorEntry[] grown = new VectorEntry[Math.max(MIN_CAPACITY, 2 * size)];
            System.arraycopy(slots, start, grown, 0, size);
            slots = grown;
            start = 0;
            end = size;
        }
        slots[end++] = entry;
        entryBytes += weightOf(entry);
        if (end - start > maxEntries) {
            VectorEntry oldest = slots[start];
            slots[start++] = null;
            storeKeys.remove(oldest.storeKey());
            entryBytes -= weightOf(oldest);
        }
        return true;
    }

    /** Roughly the heap one entry holds. */
    static long weightOf(VectorEntry entry) {
        return 4L * entry.vector().length
                + 2L * entry.text().length()
                + 2L * entry.storeKey().length()
                + ENTRY_OVERHEAD;
    }

    /** Roughly the heap this frame holds. */
    long bytes() {
        return bytes;
    }

    /** How many entries are held. */
    int size() {
        View current = view;
        return current.end - current.start;
    }

    /**
     * The accepted entry most similar to {@code query} (by dot product) at or above {@code
     * threshold}, or null. {@code accept} is asked only about entries that would beat the best so
     * far; on a tie the older entry wins. Entries of another length than the query are skipped.
     */
    FrameIndex.Match nearest(float[] query, double threshold, Predicate<VectorEntry> accept) {
        View current = view;
        VectorEntry[] held = current.slots;
        VectorEntry best = null;
        double bestScore = threshold;
        int dims = query.length;
        for (int i = current.start; i < current.end; i++) {
            VectorEntry entry = held[i];
            if (entry == null) {
                continue;
            }
            float[] vector = entry.vector();
            if (vector.length != dims) {
                continue;
            }
            double dot = 0;
            for (int d = 0; d < dims; d++) {
                dot += (double) vector[d] * query[d];
            }
            if ((dot > bestScore || (best == null && dot >= bestScore)) && accept.test(entry)) {
                best = entry;
                bestScore = dot;
            }
        }
        return best == null ? null : new FrameIndex.Match(best, bestScore);
    }

    /**
     * Claims the refresh if one is due and none is in flight. Returns null when the held entries
     * are fresh, else the refresh to wait for and whether the caller claimed it (and must run it).
     */
    synchronized Refresh refreshIfDue(long nowNanos, long refreshAfterNanos) {
        if (refreshing != null) {
            return new Refresh(refreshing, false);
        }
        if (loaded && nowNanos - fetchedAtNanos < refreshAfterNanos) {
            return null;
        }
        refreshing = new CompletableFuture<>();
        fetchedAtNanos = nowNanos;
        return new Refresh(refreshing, true);
    }

    /** Where the claimed refresh reads from next. */
    synchronized String cursor() {
        return cursor;
    }

    /** Appends what the claimed refresh read and moves its cursor past it. */
    synchronized void appendRead(List<VectorEntry> entries, String newCursor) {
        append(entries);
        cursor = newCursor;
    }

    /** Ends the claimed refresh (successful or not) and releases its waiters. */
    void refreshed() {
        CompletableFuture<Void> done;
        synchronized (this) {
            done = refreshing;
            refreshing = null;
            loaded = true;
        }
        if (done != null) {
            done.complete(null);
        }
    }

    /** A refresh in flight, and whether the caller that got it must run it. */
    record Refresh(CompletableFuture<Void> done, boolean claimed) {}

    private record View(VectorEntry[] slots, int start, int end) {}
}
