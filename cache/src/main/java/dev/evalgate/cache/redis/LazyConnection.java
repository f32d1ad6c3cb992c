package dev.evalgate.cache.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A connection that is opened in the background and opened again, on demand, if opening failed.
 *
 * <p>Lettuce reconnects an established connection by itself, but a first connect that fails (Redis
 * down when the gateway starts) is final. Here, a caller that finds the last attempt failed more
 * than {@code retryAfter} ago starts a new one; callers in between get the failed attempt at once,
 * so nobody waits on a Redis that is known to be down.
 *
 * @param <C> what the connector yields, typically a Lettuce command interface
 */
final class LazyConnection<C> {

    private final Supplier<CompletableFuture<C>> connector;
    private final long retryAfterNanos;
    private final LongSupplier nanoTime;
    private final AtomicReference<Attempt<C>> current = new AtomicReference<>();

    LazyConnection(
            Supplier<CompletableFuture<C>> connector, Duration retryAfter, LongSupplier nanoTime) {
        this.connector = connector;
        this.retryAfterNanos = retryAfter.toNanos();
        this.nanoTime = nanoTime;
        current.set(new Attempt<>(open(), nanoTime.getAsLong()));
    }

    /** The connection, or the attempt still opening it, or the failed last attempt. */
    CompletableFuture<C> get() {
        Attempt<C> attempt = current.get();
        long now = nanoTime.getAsLong();
        if (!attempt.future().isCompletedExceptionally()
                || now - attempt.startedNanos() < retryAfterNanos) {
            return attempt.future();
        }
        CompletableFuture<C> next = new CompletableFuture<>();
        if (current.compareAndSet(attempt, new Attempt<>(next, now))) {
            open().whenComplete(
                            (connection, error) -> {
                                if (error != null) {
                                    next.completeExceptionally(error);
                                } else {
                                    next.complete(connection);
                                }
                            });
        }
        return current.get().future();
    }

    private CompletableFuture<C> open() {
        try {
            return connector.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private record Attempt<C>(CompletableFuture<C> future, long startedNanos) {}
}
