package dev.evalgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class IdleCloserTest {

    @Test
    void closesAnIdlePooledConnectionThatFailsInsteadOfPassingTheErrorOn() {
        EmbeddedChannel channel = new EmbeddedChannel(new UpstreamClient.IdleCloser());

        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertThat(channel.isOpen()).isFalse();
        // EmbeddedChannel rethrows an exception that reached the tail of its pipeline
        channel.checkException();
    }
}
