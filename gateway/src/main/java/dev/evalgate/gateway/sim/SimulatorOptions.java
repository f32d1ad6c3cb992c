package dev.evalgate.gateway.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Simulator} listens and which latency or fault it applies to every request that does
 * not override them by header.
 *
 * @param host the address to bind
 * @param port the port to bind, 0 for an ephemeral one
 * @param latency delay before the response headers of every request
 * @param chunkDelay delay between the events of every stream
 * @param fault the fault injected into every request ({@code 429}, {@code 500}, {@code 503}, {@code
 *     timeout}, {@code cut}, {@code reset}, {@code malformed}, {@code partial}, {@code html},
 *     {@code stall}; see {@code Fault}), or {@code null} for none
 * @param ioThreads event-loop threads serving the connections
 */
public record SimulatorOptions(
        String host, int port, Duration latency, Duration chunkDelay, String fault, int ioThreads) {

    /** Rejects values the simulator cannot honour; never repairs them. */
    public SimulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(chunkDelay, "chunkDelay");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (latency.isNegative() || chunkDelay.isNegative()) {
            throw new IllegalArgumentException("latency and chunkDelay must not be negative");
        }
        if (fault != null && Fault.parse(fault) == null) {
            throw new IllegalArgumentException(
                    "fault: " + fault + " (expected: one of " + Fault.names() + ")");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 1)");
        }
    }

    /** Loopback, an ephemeral port, no latency, no fault, one I/O thread. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, null, 1);
    }

    /** These options listening on {@code port}. */
    public SimulatorOptions withPort(int port) {
        return new SimulatorOptions(host, port, latency, chunkDelay, fault, ioThreads);
    }

    /** These options delaying every response's headers by {@code latency}. */
    public SimulatorOptions withLatency(Duration latency) {
        return new SimulatorOptions(host, port, latency, chunkDelay, fault, ioThreads);
    }

    /** These options waiting {@code chunkDelay} between the events of every stream. */
    public SimulatorOptions withChunkDelay(Duration chunkDelay) {
        return new SimulatorOptions(host, port, latency, chunkDelay, fault, ioThreads);
    }

    /** These options injecting {@code fault} into every request ({@code null} for none). */
    public SimulatorOptions withFault(String fault) {
        return new SimulatorOptions(host, port, latency, chunkDelay, fault, ioThreads);
    }

    /** These options serving connections on {@code ioThreads} event-loop threads. */
    public SimulatorOptions withIoThreads(int ioThreads) {
        return new SimulatorOptions(host, port, latency, chunkDelay, fault, ioThreads);
    }
}
