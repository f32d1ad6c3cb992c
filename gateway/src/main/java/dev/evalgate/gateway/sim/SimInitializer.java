package dev.evalgate.gateway.sim;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** Builds each connection's pipeline: HTTP/1.1 codec, whole-request aggregation, simulator. */
final class SimInitializer extends ChannelInitializer<SocketChannel> {
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final SimCounters counters;
    private final SimulatorOptions options;
    private final ChannelGroup channels;
    private final SimHealth health;

    SimInitializer(
            SimCounters counters,
            SimulatorOptions options,
            ChannelGroup channels,
            SimHealth health) {
        this.counters = counters;
        this.options = options;
        this.channels = channels;
        this.health = health;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channels.add(channel);
        channel.pipeline()
                .addLast("http", new HttpServerCodec())
                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
                .addLast("simulator", new SimHandler(counters, options, health));
    }
}
