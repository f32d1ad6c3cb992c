package dev.evalgate.gateway.sim;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A failure the simulator injects instead of a normal answer. */
enum Fault {
    /** 429 with {@code retry-after: 1} and a rate-limit error. */
    RATE_LIMITED("429", HttpResponseStatus.TOO_MANY_REQUESTS),
    /** 500 with a server error. */
    SERVER_ERROR("500", HttpResponseStatus.INTERNAL_SERVER_ERROR),
    /** 503 with an overloaded error. */
    UNAVAILABLE("503", HttpResponseStatus.SERVICE_UNAVAILABLE),
    /** Never answer; keep the connection until the client closes it. */
    TIMEOUT("timeout", null),
    /** Send the headers and about half the body, then close without finishing. */
    CUT("cut", null),
    /** Close the connection without any response. */
    RESET("reset", null),
    /**
     * A 200 whose body is not valid JSON (its closing brace replaced); a stream carries an event
     * whose {@code data:} is not JSON in its middle, then ends normally.
     */
    MALFORMED("malformed", null),
    /**
     * A 200 that ends early but cleanly: half a plain body under a matching content length, or a
     * stream's first half without its final event ({@code [DONE]}, {@code message_stop}); then the
     * connection is closed.
     */
    PARTIAL("partial", null),
    /** A 200 with a {@code text/html} page instead of JSON or SSE, as a proxy's login page. */
    HTML("html", null),
    /**
     * Send the headers and about half the body or stream, then nothing more; keep the connection
     * until the client closes it.
     */
    STALL("stall", null);

    private final String label;
    private final HttpResponseStatus status;

    Fault(String label, HttpResponseStatus status) {
        this.label = label;
        this.status = status;
    }

    /** The header and option value naming this fault. */
    String label() {
        return label;
    }

    /** The status of an error-answer fault, {@code null} for the others. */
    HttpResponseStatus status() {
        return status;
    }

    /** The fault named {@code label} (any case), or {@code null} if none is. */
    static Fault parse(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (Fault fault : values()) {
            if (fault.label.equals(wanted)) {
                return fault;
            }
        }
        return null;
    }

    /** All labels, for error messages. */
    static String names() {
        return Arrays.stream(values()).map(Fault::label).collect(Collectors.joining(", "));
    }
}
