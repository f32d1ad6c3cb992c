package dev.evalgate.gateway.sim;

/** A request the simulator refuses, as the real API would; carries the error to answer. */
final class SimException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SimError error;
    private final String param;

    SimException(SimError error, String message, String param) {
        super(message, null, false, false);
        this.error = error;
        this.param = param;
    }

    static SimException invalid(String message, String param) {
        return new SimException(SimError.INVALID_REQUEST, message, param);
    }

    SimError error() {
        return error;
    }

    String param() {
        return param;
    }
}
