package dev.evalgate.gateway.sim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic OpenAI- and Anthropic-compatible upstream over real HTTP, for demos, end-to-end
 * tests and benchmarks. Answers are a pure function of the request; latency and faults are injected
 * by {@code X-Sim-Latency-Ms}, {@code X-Sim-Chunk-Delay-Ms} and {@code X-Sim-Fault} headers or by
 * {@link SimulatorOptions} for every request; {@code X-Sim-Fault-Times} limits a fault to the first
 * requests of a key, so a retry can succeed. The faults: {@code 429}, {@code 500}, {@code 503} (an
 * error answer), {@code timeout} (no answer), {@code reset} (closed before any byte), {@code cut}
 * (closed half-way), {@code stall} (silent half-way, connection kept), {@code partial} (a 200 that
 * ends early but cleanly), {@code malformed} (a 200 whose JSON or SSE data does not parse) and
 * {@code html} (a 200 {@code text/html} page). {@code X-Sim-Answer-Bytes} asks for a huge answer.
 * Counters and the last requests let tests see what reached the upstream.
 */
public final class Simulator implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup channels;
    private final SimCounters counters;
    private final SimHealth health;
    private final String host;
    private final int port;
    private boolean closed;

    private Simulator(
            EventLoopGroup group,
            Channel serverChannel,
            ChannelGroup channels,
            SimCounters counters,
            SimHealth health,
            String host) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.channels = channels;
        this.counters = counters;
        this.health = health;
        this.host = host;
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Binds a simulator and returns once it is listening. Call from a plain thread, never from an
     * event loop: it waits for the bind.
     *
     * @throws IllegalStateException if the address cannot be bound
     */
    public static Simulator start(SimulatorOptions options) {
        EventLoopGroup group =
                new MultiThreadIoEventLoopGroup(options.ioThreads(), NioIoHandler.newFactory());
        ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        SimCounters counters = new SimCounters();
        SimHealth health = new SimHealth();
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new SimInitializer(counters, options, channels, health));
        ChannelFuture bind = bootstrap.bind(options.host(), options.port()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException(
                    "cannot bind simulator to " + options.host() + ":" + options.port(),
                    bind.cause());
        }
        return new Simulator(group, bind.channel(), channels, counters, health, options.host());
    }

    /** The port the simulator listens on. */
    public int port() {
        return port;
    }

    /** The OpenAI-style base URL, {@code http://host:port/v1}; Anthropic SDKs drop the /v1. */
    public URI baseUrl() {
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + authority + ":" + port + "/v1");
    }

    /** An immutable snapshot of the counters. */
    public SimStats stats() {
        return counters.snapshot();
    }

    /**
     * Flow-control figures (bytes of answer bodies written, writers waiting for a slow peer,
     * answers abandoned by their client); byte and cancel counts restart at {@link #reset}.
     */
    public SimFlow flow() {
        return counters.flow();
    }

    /**
     * Zeroes the counters (fault times included) and forgets the recorded requests; in-flight
     * requests stay counted.
     */
    public void reset() {
        counters.reset();
    }

    /**
     * Answers health checks ({@code GET /healthz}, {@code GET /v1/models}) when {@code healthy}, or
     * refuses them with a 503 as a model server still starting does; healthy at start. The same as
     * {@code POST /sim/health {"healthy": …}}.
     */
    public void healthy(boolean healthy) {
        health.set(healthy);
    }

    /** The last {@value SimCounters#RECORDED_LIMIT} API requests received, oldest first. */
    public List<RecordedRequest> recordedRequests() {
        return counters.recorded();
    }

    /** Stops accepting, closes every connection and shuts the event loops down; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly();
        channels.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
