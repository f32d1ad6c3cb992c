package dev.evalgate.gateway.sim;

import java.time.Duration;

/**
 * The latency, chunk delay, fault and answer size for one request: its {@code X-Sim-*} headers
 * where present, else the simulator's options. With {@code X-Sim-Fault-Times: N} the fault hits
 * only the first N requests of a key ({@code X-Sim-Fault-Key}, else the body), so a retry can
 * succeed. {@code X-Sim-Answer-Words: N} makes a chat answer N words long (0: its usual 5 to 40)
 * and {@code X-Sim-Answer-Bytes: N} makes an answer's text at least N bytes long (up to {@value
 * #MAX_ANSWER_BYTES}): answers large enough to test flow control and size limits.
 *
 * @param answerWords the answer's length in words, 0 for the usual few
 * @param answerBytes the least length of the answer's text, 0 for no least length
 */
record Injection(
        Duration latency, Duration chunkDelay, Fault fault, int answerWords, int answerBytes) {
    static final String ANSWER_WORDS_HEADER = "x-sim-answer-words";

    /** Largest {@code X-Sim-Answer-Words}: about 30 MB of plain answer, 200 MB streamed. */
    static final int MAX_ANSWER_WORDS = 4_000_000;

    static final String LATENCY_HEADER = "x-sim-latency-ms";
    static final String CHUNK_DELAY_HEADER = "x-sim-chunk-delay-ms";
    static final String FAULT_HEADER = "x-sim-fault";
    static final String FAULT_TIMES_HEADER = "x-sim-fault-times";
    static final String FAULT_KEY_HEADER = "x-sim-fault-key";
    static final String ANSWER_BYTES_HEADER = "x-sim-answer-bytes";

    /** The largest answer {@code X-Sim-Answer-Bytes} may ask for: 64 MiB. */
    static final int MAX_ANSWER_BYTES = 64 << 20;

    /**
     * What {@code request} asks for; a malformed header is a 400, never ignored. A request that
     * names a fault and its times counts against its key in {@code counters}.
     */
    static Injection of(SimRequest request, SimulatorOptions options, SimCounters counters) {
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
        String times = request.header(FAULT_TIMES_HEADER);
        if (times != null) {
            int limit = count(times);
            if (fault != null && !counters.faultDue(faultKey(request), limit)) {
                fault = null;
            }
        }
        return new Injection(
                latency,
                chunkDelay,
                fault,
                bounded(request, ANSWER_WORDS_HEADER, "X-Sim-Answer-Words", MAX_ANSWER_WORDS),
                bounded(request, ANSWER_BYTES_HEADER, "X-Sim-Answer-Bytes", MAX_ANSWER_BYTES));
    }

    /** The key a fault's times are counted under: the fault key header, else the body. */
    private static String faultKey(SimRequest request) {
        String key = request.header(FAULT_KEY_HEADER);
        return key != null ? "key:" + key : "body:" + Seeds.hex(Seeds.sha256(request.body()), 16);
    }

    /** A header's integer in 0..max, 0 when absent; anything else is a 400. */
    private static int bounded(SimRequest request, String header, String name, int max) {
        String value = request.header(header);
        if (value == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw SimException.invalid(name + ": " + value + " (expected: 0.." + max + ")", null);
    }

    private static int count(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw SimException.invalid(
                "X-Sim-Fault-Times: " + value + " (expected: an integer >= 0)", null);
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
