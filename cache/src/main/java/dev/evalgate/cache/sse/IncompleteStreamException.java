package dev.evalgate.cache.sse;

/**
 * Thrown when a stream cannot be turned into a complete answer: it was cut before its terminal
 * event, reported an error, or carried data that does not parse. Such an answer must not be cached.
 */
public final class IncompleteStreamException extends Exception {
    /** Creates the exception with a reason suitable for a DEBUG log line (never content). */
    public IncompleteStreamException(String reason) {
        super(reason);
    }
}
