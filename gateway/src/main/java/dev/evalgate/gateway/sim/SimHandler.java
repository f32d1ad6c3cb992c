package dev.evalgate.gateway.sim;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/*
 * One connection of the simulator.
 *
 * Threading: one instance per channel, every method on its event loop.
 * Ownership: each aggregated request is copied into a SimRequest and released on arrival, so
 * queued requests hold no buffers. Pipelined requests wait their turn: one Exchange at a time.
 */
final class SimHandler extends ChannelInboundHandlerAdapter {
    private final SimCounters counters;
    private final SimulatorOptions options;
    private final SimHealth health;
    private final ArrayDeque<SimRequest> pending = new ArrayDeque<>();
    private Exchange current;

    SimHandler(SimCounters counters, SimulatorOptions options, SimHealth health) {
        this.counters = counters;
        this.options = options;
        this.health = health;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        SimRequest copy;
        try {
            copy = request.decoderResult().isFailure() ? null : SimRequest.copyOf(request);
        } finally {
            request.release();
        }
        if (copy == null) {
            rejectMalformed(ctx);
            return;
        }
        pending.add(copy);
        if (current == null) {
            startNext(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.clear();
        if (current != null) {
            current.cancel();
            current = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void startNext(ChannelHandlerContext ctx) {
        SimRequest next = pending.poll();
        if (next == null) {
            return;
        }
        current =
                new Exchange(
                        ctx,
                        next,
                        counters,
                        options,
                        health,
                        keepAlive -> {
                            current = null;
                            if (keepAlive) {
                                startNext(ctx);
                            } else {
                                ctx.close();
                            }
                        });
        current.start();
    }

    private static void rejectMalformed(ChannelHandlerContext ctx) {
        byte[] body =
                SimError.INVALID_REQUEST.body(Protocol.OPENAI, "Malformed HTTP request.", null);
        FullHttpResponse response =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        SimError.INVALID_REQUEST.status(),
                        Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, Reply.JSON);
        HttpUtil.setContentLength(response, body.length);
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
