package dev.evalgate.cache.sse;

/**
 * A stream that cannot become a complete answer. Internal control flow of the assemblers; callers
 * see {@link IncompleteStreamException}. Carries no stack trace: it is an expected outcome.
 */
final class StreamFault extends Exception {
    StreamFault(String reason) {
        super(reason, null, false, false);
    }
}
