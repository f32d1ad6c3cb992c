package dev.evalgate.gateway.server;

import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.config.ServerConfig;
import dev.evalgate.gateway.http.ErrorResponses;
import dev.evalgate.gateway.http.GatewayError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long a client connection may make no progress, so slow or silent clients (slowloris
 * headers, a trickled body, idle keep-alive connections, a reader that never reads) cannot hold
 * connections and memory for ever. Sits first in the pipeline, where it sees every byte read.
 *
 * <p>States: <b>waiting</b> for a request (after connecting or after an answer): closed quietly
 * after {@code server.idle_timeout}; <b>reading</b> one, from its first byte: answered 408 and
 * closed unless the whole request (headers and body) arrived within {@code
 * server.request_read_timeout}; <b>serving</b> it: no read deadline (upstream timeouts apply), but
 * a client that leaves its answer unread — the channel stays unwritable — for {@code
 * server.idle_timeout} is closed, which cancels the upstream call.
 *
 * <p>Threading: the channel's event loop only; {@link RequestHandler} tells it when a whole request
 * arrived and when the connection is waiting again.
 */
final class ClientTimeouts extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientTimeouts.class);

    /** How much of a request's first bytes is kept to tell an Anthropic path from an OpenAI one. */
    private static final int FIRST_LINE_CHARS = 256;

    private enum State {
        WAITING,
        READING,
        SERVING
    }

    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;
    private final StringBuilder firstLine = new StringBuilder();
    private ChannelHandlerContext ctx;
    private State state = State.WAITING;
    private boolean readWhileServing;
    private ScheduledFuture<?> timer;

    ClientTimeouts(ServerConfig server) {
        this(server.requestReadTimeout(), server.idleTimeout());
    }

    ClientTimeouts(Duration readTimeout, Duration idleTimeout) {
        this.readTimeoutNanos = readTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            arm(idleTimeoutNanos);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(idleTimeoutNanos);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
            if (state == State.WAITING) {
                state = State.READING;
                firstLine.setLength(0);
                arm(readTimeoutNanos);
            } else if (state == State.SERVING) {
                readWhileServing = true;
            }
            if (state == State.READING && firstLine.length() < FIRST_LINE_CHARS) {
                int n = Math.min(bytes.readableBytes(), FIRST_LINE_CHARS - firstLine.length());
                for (int i = 0; i < n; i++) {
                    firstLine.append((char) bytes.getByte(bytes.readerIndex() + i));
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state == State.SERVING) {
            if (ctx.channel().isWritable()) {
                cancel();
            } else if (timer == null) {
                arm(idleTimeoutNanos);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** A whole request has arrived: it is being served, and no read deadline applies. */
    void requestReceived() {
        if (state == State.SERVING) {
            return;
        }
        state = State.SERVING;
        readWhileServing = false;
        cancel();
        if (!ctx.channel().isWritable()) {
            arm(idleTimeoutNanos);
        }
    }

    /**
     * Every request so far is answered and the connection reads again: waiting for the next one, or
     * reading it already if bytes of it came in while the last was served.
     */
    void waiting() {
        if (state != State.SERVING) {
            return;
        }
        cancel();
        if (readWhileServing) {
            state = State.READING;
            firstLine.setLength(0);
            arm(readTimeoutNanos);
        } else {
            state = State.WAITING;
            arm(idleTimeoutNanos);
        }
        readWhileServing = false;
    }

    private void arm(long nanos) {
        cancel();
        timer = ctx.executor().schedule(this::expired, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        switch (state) {
            case WAITING -> {
                LOG.debug("closing idle connection from {}", ctx.channel().remoteAddress());
                ctx.close();
            }
            case READING -> requestTimedOut();
            case SERVING -> {
                LOG.debug(
                        "closing connection from {}: its client read nothing of its answer for {}"
                                + " ms (server.idle_timeout)",
                        ctx.channel().remoteAddress(),
                        TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos));
                ctx.close();
            }
        }
    }

    /** 408 in the protocol the request line names, through the whole pipeline, then close. */
    private void requestTimedOut() {
        LOG.debug(
                "request from {} not received within {} ms (server.request_read_timeout)",
                ctx.channel().remoteAddress(),
                TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos));
        int eol = firstLine.indexOf("\n");
        String line = eol < 0 ? firstLine.toString() : firstLine.substring(0, eol);
        ProviderKind protocol =
                line.contains("/messages") ? ProviderKind.ANTHROPIC : ProviderKind.OPENAI;
        FullHttpResponse response =
                ErrorResponses.of(
                        ctx.alloc(),
                        protocol,
                        GatewayError.REQUEST_TIMEOUT,
                        "The request was not received completely within "
                                + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos)
                                + " ms (server.request_read_timeout).",
                        null,
                        RequestIds.next());
        HttpUtil.setKeepAlive(response, false);
        ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
