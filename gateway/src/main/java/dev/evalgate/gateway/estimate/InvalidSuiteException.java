package dev.evalgate.gateway.estimate;

/** A suite that cannot be estimated at all; the message is for the client. */
public final class InvalidSuiteException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidSuiteException(String message) {
        super(message, null, false, false);
    }
}
