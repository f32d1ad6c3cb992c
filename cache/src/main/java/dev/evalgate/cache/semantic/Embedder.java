package dev.evalgate.cache.semantic;

/**
 * Maps text to a fixed-length vector whose cosine similarity to another says how close in meaning
 * the two texts are.
 *
 * <p>Synchronous and possibly slow (milliseconds of CPU, or a network call): never call it on an
 * event loop. Implementations are thread-safe.
 */
public interface Embedder {
    /**
     * Returns the embedding of {@code text}, L2-normalised, of length {@link #dimensions()}. The
     * caller owns the returned array.
     */
    float[] embed(String text);

    /** Returns the length of every vector {@link #embed} returns. */
    int dimensions();

    /**
     * Returns a stable name for the model behind this embedder; vectors from embedders of different
     * names are not comparable, so it belongs in any key that stores them.
     */
    String name();
}
