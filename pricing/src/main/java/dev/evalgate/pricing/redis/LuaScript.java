package dev.evalgate.pricing.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA-1, sent in full only when the server does not know it yet (after a
 * restart or a failover). Every script here touches exactly one key, so it runs unchanged on a
 * Redis Cluster.
 */
public final class LuaScript {

    private final String source;
    private final ScriptOutputType output;
    private volatile String sha;

    /**
     * A script whose reply has the given Lettuce output type.
     *
     * @param source the Lua text
     */
    public LuaScript(String source, ScriptOutputType output) {
        this.source = source;
        this.output = output;
    }

    /** Runs the script on {@code key} with {@code args}; the reply type is the output type's. */
    public <T> CompletionStage<T> run(
            RedisClusterAsyncCommands<String, String> commands, String key, String... args) {
        String digest = sha;
        if (digest == null) {
            digest = commands.digest(source);
            sha = digest;
        }
        String[] keys = {key};
        CompletionStage<T> first = commands.evalsha(digest, output, keys, args);
        return first.handle(
                        (reply, error) -> {
                            if (error == null) {
                                return CompletableFuture.completedFuture(reply);
                            }
                            Throwable cause =
                                    error instanceof CompletionException && error.getCause() != null
                                            ? error.getCause()
                                            : error;
                            if (cause instanceof RedisNoScriptException) {
                                return commands.<T>eval(source, output, keys, args);
                            }
                            return CompletableFuture.<T>failedFuture(cause);
                        })
                .thenCompose(stage -> stage);
    }
}
