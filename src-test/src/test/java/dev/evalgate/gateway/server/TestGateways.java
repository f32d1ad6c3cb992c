package dev.evalgate.gateway.server;

import dev.evalgate.gateway.config.GatewayConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * Starts a gateway on a clock the test moves: the entry {@link GatewayServer} keeps package-private
 * for tests, so that no user config can set a clock.
 */
public final class TestGateways {

    private TestGateways() {}

    /**
     * A gateway whose metering and scale to zero read {@code clock}, ticking scale to zero every
     * {@code scaleTick}.
     */
    public static GatewayServer start(GatewayConfig config, Clock clock, Duration scaleTick)
            throws InterruptedException {
        return GatewayServer.start(config, clock, scaleTick);
    }
}
