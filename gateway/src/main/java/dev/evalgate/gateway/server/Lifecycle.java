package dev.evalgate.gateway.server;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections and in-flight requests, for graceful shutdown: once draining, connections close
 * as soon as they are idle, and {@link #drained()} completes when the last in-flight request has
 * finished.
 */
final class Lifecycle {

    /** Fired on every connection when draining starts. */
    static final Object DRAIN = new Object();

    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean draining;

    void register(Channel ch) {
        channels.add(ch);
    }

    void begin() {
        inFlight.incrementAndGet();
    }

    void end() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            drained.complete(null);
        }
    }

    boolean draining() {
        return draining;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Starts draining: every connection is told, idle ones close at once. */
    CompletableFuture<Void> startDrain() {
        draining = true;
        for (Channel ch : channels) {
            ch.pipeline().fireUserEventTriggered(DRAIN);
        }
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    /** Closes every connection still open. */
    void closeAll() {
        channels.close().awaitUninterruptibly();
    }
}
