package dev.evalgate.gateway.sim;

import java.time.Duration;

/**
 * The latency, chunk delay and fault for one request: its {@code X-Sim-*} headers where present,
 * else the simulator's options.
 */
record Injection(Duration latency, Duration chunkDelay, Fault fault) {
    static final String LATENCY_HEADER = "x-sim-latency-ms";
    static final String CHUNK_DELAY_HEADER = "x-sim-chunk-delay-ms";
    static final String FAULT_HEADER = "x-sim-fault";

    /** What {@code request} asks for; a malformed header is a 400, never ignored. */
    static Injection of(SimRequest request, SimulatorOptions options) {
        Duration latency = millis(request, LATENCY_HEADER, options.latency());
        Duration chunkDelay = millis(request, CHUNK_DELAY_HEADER, options.chunkDelay());
        String label = request.header(FAULT_HEADER);
        if (label == null) {
            label = options.fault();
        }
        Fault fault = null;
        if (label != null && !label.isBlank()) {
            fault = Fault.parse(label);
            if (fault == null) {
                throw SimException.invalid(
                        "X-Sim-Fault: " + label + " (expected: one of " + Fault.names() + ")",
                        null);
            }
        }
        return new Injection(latency, chunkDelay, fault);
    }

    private static Duration millis(SimRequest request, String header, Duration fallback) {
        String value = request.header(header);
        if (value == null) {
            return fallback;
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis >= 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw SimException.invalid(header + ": " + value + " (expected: milliseconds >= 0)", null);
    }
}
