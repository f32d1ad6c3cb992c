package dev.evalgate.cache.sse;

/**
 * Thrown when a stored answer is not a plain response of the requested format and so cannot be
 * replayed as a stream. The caller should treat the entry as a miss.
 */
public final class InvalidAnswerException extends Exception {
    /** Creates the exception with a reason suitable for a DEBUG log line (never content). */
    public InvalidAnswerException(String reason) {
        super(reason);
    }

    /** Creates the exception with a reason and the parse failure behind it. */
    public InvalidAnswerException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
