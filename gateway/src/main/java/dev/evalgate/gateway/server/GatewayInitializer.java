package dev.evalgate.gateway.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * The pipeline of every client connection: client timeouts, HTTP/1.1 codec, keep-alive, body limit,
 * handler.
 */
final class GatewayInitializer extends ChannelInitializer<SocketChannel> {

    /** Largest request header block accepted (431-class input is answered 400). */
    static final int MAX_HEADER_BYTES = 32 * 1024;

    /** Name of the keep-alive handler, removed from a connection that is ending. */
    static final String KEEP_ALIVE = "keep-alive";

    private final GatewayServices services;

    GatewayInitializer(GatewayServices services) {
        this.services = services;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        services.lifecycle().register(ch);
        ClientTimeouts timeouts = new ClientTimeouts(services.config().server());
        ch.pipeline()
                .addLast("timeouts", timeouts)
                .addLast(
                        "http",
                        new HttpServerCodec(
                                new HttpDecoderConfig().setMaxHeaderSize(MAX_HEADER_BYTES)))
                .addLast(KEEP_ALIVE, new HttpServerKeepAliveHandler())
                .addLast("http10", new Http10Responses())
                .addLast(
                        "aggregator",
                        new BodyLimitAggregator(services.config().server().maxBodyBytes()))
                .addLast("handler", new RequestHandler(services, timeouts));
    }
}
