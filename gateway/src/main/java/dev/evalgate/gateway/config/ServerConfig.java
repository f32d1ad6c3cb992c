package dev.evalgate.gateway.config;

import java.time.Duration;

/**
 * Listener settings.
 *
 * @param host address to bind (default {@code 0.0.0.0})
 * @param port TCP port, 0 for an ephemeral one (default 8080)
 * @param maxBodyBytes largest accepted request body; larger ones get 413 (default 16 MiB)
 * @param drainTimeout how long shutdown waits for in-flight requests (default 30 s)
 * @param ioThreads event-loop threads, 0 for Netty's default (2 × cores)
 */
public record ServerConfig(
        String host, int port, long maxBodyBytes, Duration drainTimeout, int ioThreads) {

    /** Default maximum request body: 16 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    /** The defaults: {@code 0.0.0.0:8080}, 16 MiB bodies, 30 s drain. */
    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8080, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(30), 0);
    }

    /** A copy listening on another port (tests and the demo bind port 0). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodyBytes, drainTimeout, ioThreads);
    }
}
