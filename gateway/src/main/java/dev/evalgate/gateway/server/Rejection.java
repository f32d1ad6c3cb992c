package dev.evalgate.gateway.server;

import dev.evalgate.gateway.http.GatewayError;

/**
 * A request the gateway refuses before going anywhere: what went wrong, a sentence for the client,
 * and the offending parameter. Thrown by validation steps, answered once by the handler.
 */
final class Rejection extends Exception {

    private final GatewayError error;
    private final String param;

    Rejection(GatewayError error, String message, String param) {
        super(message, null, false, false);
        this.error = error;
        this.param = param;
    }

    Rejection(GatewayError error, String message) {
        this(error, message, null);
    }

    GatewayError error() {
        return error;
    }

    String param() {
        return param;
    }
}
