package dev.evalgate.gateway.meter;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Redis-backed object made once per connection: asks for the connection on every use (so one that
 * failed to open is opened again) and rebuilds the object only when the connection changed.
 * Thread-safe.
 */
final class OnConnection<T> {

    private final Supplier<CompletionStage<RedisClusterAsyncCommands<String, String>>> connection;
    private final Function<RedisClusterAsyncCommands<String, String>, T> factory;
    private volatile Built<T> built;

    private record Built<T>(RedisClusterAsyncCommands<String, String> on, T value) {}

    OnConnection(
            Supplier<CompletionStage<RedisClusterAsyncCommands<String, String>>> connection,
            Function<RedisClusterAsyncCommands<String, String>, T> factory) {
        this.connection = connection;
        this.factory = factory;
    }

    /** The object on the current connection; fails while Redis cannot be reached. */
    CompletionStage<T> get() {
        return connection
                .get()
                .thenApply(
                        c -> {
                            Built<T> b = built;
                            if (b == null || b.on() != c) {
                                b = new Built<>(c, factory.apply(c));
                                built = b;
                            }
                            return b.value();
                        });
    }
}
