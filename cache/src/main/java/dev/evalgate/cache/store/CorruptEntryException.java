package dev.evalgate.cache.store;

/**
 * Thrown when bytes read back from a store are not a valid answer envelope: truncated, garbage, a
 * version this build does not know, or a body that does not inflate to its declared size.
 */
public final class CorruptEntryException extends Exception {

    /** Creates an exception that says what was wrong with the entry. */
    public CorruptEntryException(String message) {
        super(message);
    }

    /** Creates an exception that says what was wrong and keeps the underlying cause. */
    public CorruptEntryException(String message, Throwable cause) {
        super(message, cause);
    }
}
