package dev.evalgate.cache.key;

/**
 * The request body cannot be canonicalised: it is not exactly one JSON object in well-formed UTF-8,
 * or it breaks a limit (duplicate keys, nesting, number size).
 *
 * <p>The message names the problem and a byte offset, never any part of the body, so it is safe to
 * log and to return to the client.
 */
public final class InvalidJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message must not quote the body. */
    public InvalidJsonException(String message) {
        super(message, null, false, false);
    }
}
