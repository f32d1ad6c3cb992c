package dev.evalgate.gateway.proxy;

import dev.evalgate.gateway.config.ProviderConfig;
import dev.evalgate.gateway.server.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Pooled keep-alive HTTP/1.1 connections to the upstream providers.
 *
 * <p>Threading: one pool per (event loop, provider), created lazily on first use; a pool's
 * connections are registered on that same loop, so an exchange and its upstream connection share a
 * thread and need no locks (as Zuul's per-loop origin pools). Ownership: a caller that acquired a
 * channel must hand it back exactly once with {@link #release}, closed or not.
 */
public final class UpstreamClient implements AutoCloseable {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(UpstreamClient.class);

    static final String RELAY = "relay";
    private static final String IDLE_CLOSER = "idle-closer";

    /** The longest {@link #close} waits for the pooled connections to close. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    /** Set once a connection has carried an exchange; a reused one may be stale. */
    static final AttributeKey<Boolean> USED = AttributeKey.valueOf("evalgate.upstream.used");

    /** Largest upstream response header block accepted. */
    private static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

    private final Transport transport;
    private final Map<String, SslContext> sslContexts = new HashMap<>();
    private final DnsAddressResolverGroup resolver;
    private final Map<EventLoop, Map<String, FixedChannelPool>> pools = new ConcurrentHashMap<>();

    /** A client for these providers on this transport. */
    public UpstreamClient(Map<String, ProviderConfig> providers, Transport transport) {
        this.transport = transport;
        for (ProviderConfig p : providers.values()) {
            if (p.tls()) {
                sslContexts.put(p.name(), buildSslContext());
            }
        }
        this.resolver =
                new DnsAddressResolverGroup(
                        new DnsNameResolverBuilder()
                                .datagramChannelType(transport.datagramChannel())
                                .socketChannelType(transport.socketChannel()));
    }

    private static SslContext buildSslContext() {
        try {
            return SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot initialise TLS: " + e.getMessage(), e);
        }
    }

    /** Acquires a connection to {@code provider} registered on {@code loop}. */
    Future<Channel> acquire(EventLoop loop, ProviderConfig provider) {
        return pool(loop, provider).acquire();
    }

    /**
     * Hands a connection back. A reusable one goes back to the pool for the next request; otherwise
     * it is closed first.
     */
    void release(Channel ch, ProviderConfig provider, boolean reusable) {
        if (ch.pipeline().get(RELAY) != null) {
            ch.pipeline().remove(RELAY);
        }
        ch.config().setAutoRead(true);
        if (!reusable) {
            ch.close();
        } else {
            ch.attr(USED).set(Boolean.TRUE);
        }
        pool(ch.eventLoop(), provider).release(ch);
    }

    /**
     * Reads from {@code ch} again after a pause for a slow client. The idle timer restarts now: the
     * silence while paused was the gateway's doing, and counting it would cut the answer off at the
     * first idle check after the pause.
     */
    static void resumeReading(Channel ch) {
        if (ch.config().isAutoRead()) {
            return;
        }
        IdleStateHandler idle = ch.pipeline().get(IdleStateHandler.class);
        if (idle != null) {
            idle.resetReadTimeout();
        }
        ch.config().setAutoRead(true);
    }

    /**
     * Installs {@code relay} on an acquired connection, where it sees responses and idle events.
     */
    static void attach(Channel ch, ChannelInboundHandlerAdapter relay) {
        ch.pipeline().addBefore(IDLE_CLOSER, RELAY, relay);
    }

    private FixedChannelPool pool(EventLoop loop, ProviderConfig provider) {
        Map<String, FixedChannelPool> perLoop =
                pools.computeIfAbsent(loop, l -> new ConcurrentHashMap<>());
        return perLoop.computeIfAbsent(provider.name(), n -> newPool(loop, provider));
    }

    private FixedChannelPool newPool(EventLoop loop, ProviderConfig provider) {
        Bootstrap bootstrap =
                new Bootstrap()
                        .group(loop)
                        .channel(transport.socketChannel())
                        .resolver(resolver)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.SO_KEEPALIVE, true)
                        .option(
                                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int) provider.connectTimeout().toMillis())
                        .remoteAddress(
                                InetSocketAddress.createUnresolved(
                                        provider.baseUrl().getHost(), provider.port()));
        SslContext ssl = sslContexts.get(provider.name());
        long idleMillis = provider.idleTimeout().toMillis();
        AbstractChannelPoolHandler handler =
                new AbstractChannelPoolHandler() {
                    @Override
                    public void channelCreated(Channel ch) {
                        if (ssl != null) {
                            ch.pipeline()
                                    .addLast(
                                            "tls",
                                            ssl.newHandler(
                                                    ch.alloc(),
                                                    provider.baseUrl().getHost(),
                                                    provider.port()));
                        }
                        ch.pipeline()
                                .addLast(
                                        "http",
                                        new HttpClientCodec(
                                                new HttpDecoderConfig()
                                                        .setMaxHeaderSize(
                                                                MAX_RESPONSE_HEADER_BYTES),
                                                false,
                                                false))
                                .addLast(
                                        "idle",
                                        new IdleStateHandler(
                                                idleMillis, 0, 0, TimeUnit.MILLISECONDS))
                                .addLast(IDLE_CLOSER, new IdleCloser());
                    }
                };
        return new FixedChannelPool(
                bootstrap,
                handler,
                ChannelHealthChecker.ACTIVE,
                FixedChannelPool.AcquireTimeoutAction.FAIL,
                provider.firstByteTimeout().toMillis(),
                provider.maxConnections(),
                Integer.MAX_VALUE,
                true,
                true);
    }

    /**
     * Closes every pooled connection, waiting up to {@link #CLOSE_WAIT} for them. A pool closes on
     * Netty's global executor, one connection after the other; if the event loops were shut down
     * first, it would wait forever for a close that never runs, and block everything else that
     * executor runs (channel groups, event-loop termination). So call this before shutting the
     * loops down, from a plain thread, never from an event loop.
     */
    @Override
    public void close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (Map<String, FixedChannelPool> perLoop : pools.values()) {
            for (FixedChannelPool pool : perLoop.values()) {
                closing.add(pool.closeAsync());
            }
        }
        pools.clear();
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Future<Void> f : closing) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        resolver.close();
    }

    /** Closes a pooled connection nobody is using once it has been idle for the idle timeout. */
    /**
     * Last handler of a pooled upstream connection: closes it on idleness, stray bytes or errors.
     */
    static final class IdleCloser extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            // A response nobody asked for (a late byte on an idle pooled connection): the
            // connection's framing can no longer be trusted.
            io.netty.util.ReferenceCountUtil.release(msg);
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // An error on a connection no exchange holds (typically the upstream resetting an
            // idle pooled connection): it cannot be reused, and nobody waits for it. Without
            // this, Netty logged it as "reached the tail of the pipeline".
            LOG.debug("idle upstream connection {} failed: {}", ctx.channel(), cause.toString());
            ctx.close();
        }
    }
}
