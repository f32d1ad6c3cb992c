package dev.evalgate.gateway.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Ends a connection whose last request was refused before all of it was read, the way HTTP servers
 * do (RFC 9112 §9.6 "tear-down"): send the answer, close the output, then keep reading and
 * discarding for a moment before closing. Closing at once would leave the client's unread bytes in
 * the gateway's receive buffer, and the kernel answers those with a TCP reset that can destroy the
 * error response before the client reads it.
 */
final class LingeringClose {

    /** How long input is still read and discarded after the output is closed. */
    static final long LINGER_MILLIS = 2_000;

    /** Drops every inbound byte before any decoder sees it: nothing more is handled. */
    private static final ChannelHandler DISCARD = new Discard();

    private LingeringClose() {}

    /** Once {@code written} (the final response) is out: half-close, drain, close. */
    static void after(ChannelFuture written) {
        Channel ch = written.channel();
        written.addListener(
                (ChannelFutureListener)
                        f -> {
                            if (!f.isSuccess() || !(ch instanceof DuplexChannel duplex)) {
                                ch.close();
                                return;
                            }
                            duplex.shutdownOutput()
                                    .addListener(
                                            (ChannelFutureListener)
                                                    s -> {
                                                        ch.pipeline().addFirst(DISCARD);
                                                        ch.config().setAutoRead(true);
                                                        ch.eventLoop()
                                                                .schedule(
                                                                        () -> ch.close(),
                                                                        LINGER_MILLIS,
                                                                        TimeUnit.MILLISECONDS);
                                                    });
                        });
    }

    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
