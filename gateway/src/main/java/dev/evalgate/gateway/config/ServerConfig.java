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
 * @param requestReadTimeout longest a client may take to send a whole request (headers and body),
 *     from its first byte; then it gets a 408 and the connection closes (default 30 s), so a client
 *     that trickles its headers (slowloris) cannot hold a connection
 * @param idleTimeout longest a client connection may sit without progress: no request on a
 *     keep-alive connection, or an answer the client does not read; then the connection closes
 *     (default 120 s)
 */
public record ServerConfig(
        String host,
        int port,
        long maxBodyBytes,
        Duration drainTimeout,
        int ioThreads,
        Duration requestReadTimeout,
        Duration idleTimeout) {

    /** Default maximum request body: 16 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    /** Default time to receive a whole request: 30 s. */
    public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(30);

    /** Default time a connection may make no progress: 120 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);

    /** Settings with the default request read and idle timeouts. */
    public ServerConfig(
            String host, int port, long maxBodyBytes, Duration drainTimeout, int ioThreads) {
        this(
                host,
                port,
                maxBodyBytes,
                drainTimeout,
                ioThreads,
                DEFAULT_REQUEST_READ_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT);
    }

    /** The defaults: {@code 0.0.0.0:8080}, 16 MiB bodies, 30 s drain, 30 s read, 120 s idle. */
    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8080, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(30), 0);
    }

    /** A copy listening on another port (tests and the demo bind port 0). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(
                host,
                newPort,
                maxBodyBytes,
                drainTimeout,
                ioThreads,
                requestReadTimeout,
                idleTimeout);
    }
}
