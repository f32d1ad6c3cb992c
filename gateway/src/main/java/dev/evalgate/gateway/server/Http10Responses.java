package dev.evalgate.gateway.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;

/**
 * Frames answers to HTTP/1.0 requests the way an HTTP/1.0 client can read them. Chunked encoding
 * does not exist in HTTP/1.0 (RFC 9112 §6.1: never send it to such a client), so an answer of
 * unknown length — a stream — is sent close-delimited: no {@code Transfer-Encoding}, {@code
 * Connection: close}, and the keep-alive handler behind it closes the connection after the last
 * byte. A length-delimited answer to a 1.0 request that asked for keep-alive says {@code
 * Connection: keep-alive}, which a 1.0 client needs to reuse the connection.
 *
 * <p>Sits between the keep-alive handler and the aggregator, so it sees each request head and
 * rewrites each response before the keep-alive handler decides whether to close. Threading: the
 * channel's event loop. Requests are answered in order, so one queue pairs them with responses.
 */
final class Http10Responses extends ChannelDuplexHandler {

    /** How the answer to one request must be framed. */
    private enum Framing {
        AS_IS,
        HTTP10,
        HTTP10_KEEP_ALIVE
    }

    private final ArrayDeque<Framing> pending = new ArrayDeque<>(2);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            pending.add(
                    !req.protocolVersion().equals(HttpVersion.HTTP_1_0)
                            ? Framing.AS_IS
                            : HttpUtil.isKeepAlive(req)
                                    ? Framing.HTTP10_KEEP_ALIVE
                                    : Framing.HTTP10);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response
                && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            Framing framing = pending.poll();
            if (framing != null && framing != Framing.AS_IS) {
                frameForHttp10(response, framing == Framing.HTTP10_KEEP_ALIVE);
            }
        }
        ctx.write(msg, promise);
    }

    private static void frameForHttp10(HttpResponse response, boolean keepAlive) {
        if (HttpUtil.isTransferEncodingChunked(response)) {
            response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (keepAlive && HttpUtil.isKeepAlive(response)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }
}
