package dev.evalgate.gateway.cache;

import dev.evalgate.cache.semantic.Embedder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a semantic probe gets the embedding of its text: at once on the worker that asks (the
 * in-process model), or later from elsewhere (an embeddings call), leaving the worker free to take
 * other probes while it waits.
 */
@FunctionalInterface
public interface AsyncEmbedder {

    /**
     * Starts embedding {@code text}; the stage completes with an L2-normalised vector, or
     * exceptionally, on any thread. Called on a semantic worker, never on an event loop.
     */
    CompletionStage<float[]> embed(String text);

    /** {@code embedder} run on the calling thread; its exception becomes a failed stage. */
    static AsyncEmbedder onCallingThread(Embedder embedder) {
        return text -> {
            try {
                return CompletableFuture.completedFuture(embedder.embed(text));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
