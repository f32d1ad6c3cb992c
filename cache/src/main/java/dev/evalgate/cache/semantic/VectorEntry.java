package dev.evalgate.cache.semantic;

import java.util.Objects;

/**
 * One answered request of a frame: the store key its exact answer lives under, the embedding of its
 * varying text, and that text (for the caller's guards).
 *
 * <p>The vector is owned by the entry once it is made: nobody mutates it afterwards, so indexes and
 * stores share it without copying. Like any record holding an array, two entries are {@code equals}
 * only if they share the same vector instance.
 *
 * @param storeKey the key of the exact cache entry that answers this request
 * @param vector the L2-normalised embedding of {@code text}; not copied, never mutated
 * @param text the varying text that was embedded
 */
public record VectorEntry(String storeKey, float[] vector, String text) {

    /** Rejects null parts. */
    public VectorEntry {
        Objects.requireNonNull(storeKey, "storeKey");
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(text, "text");
    }
}
