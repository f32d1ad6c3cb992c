package dev.evalgate.gateway.server;

import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.http.ErrorResponses;
import dev.evalgate.gateway.http.GatewayError;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates request bodies up to {@code server.max_body_bytes}; a larger one is answered with a
 * protocol-shaped 413 and the connection is ended with a {@link LingeringClose} (the rest of the
 * body is read only to be discarded, so the client gets the 413 rather than a reset), also when the
 * client announced it with {@code Expect: 100-continue}.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

    private final long maxBytes;

    BodyLimitAggregator(long maxBytes) {
        super((int) Math.min(Integer.MAX_VALUE, maxBytes), true);
        this.maxBytes = maxBytes;
    }

    /**
     * No {@code 100 Continue} for a body announced larger than the limit: returning null lets the
     * aggregator call {@link #handleOversizedMessage}, so the client gets the protocol-shaped 413
     * (Netty's own answer is a bare 413 without a body).
     */
    @Override
    protected Object newContinueResponse(
            HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start)
                && HttpUtil.getContentLength(start, -1L) > maxBytes) {
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ProviderKind protocol = ProviderKind.OPENAI;
        if (oversized instanceof HttpRequest req && req.uri().contains("/messages")) {
            protocol = ProviderKind.ANTHROPIC;
        }
        FullHttpResponse response =
                ErrorResponses.of(
                        ctx.alloc(),
                        protocol,
                        GatewayError.BODY_TOO_LARGE,
                        "The request body is larger than the gateway's limit of "
                                + maxBytes
                                + " bytes (server.max_body_bytes).",
                        null,
                        RequestIds.next());
        HttpUtil.setKeepAlive(response, false);
        if (ctx.pipeline().get(GatewayInitializer.KEEP_ALIVE) != null) {
            ctx.pipeline().remove(GatewayInitializer.KEEP_ALIVE);
        }
        LingeringClose.after(ctx.writeAndFlush(response));
    }
}
