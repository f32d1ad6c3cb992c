package dev.evalgate.gateway.proxy;

/**
 * Lets the caller of a {@link ProxyExchange} try again instead of answering: consulted before an
 * upstream answer is relayed, and when an attempt fails before any answer. Never consulted once a
 * byte has gone to the client, so a stream is never retried half-way.
 */
public interface RetryGate {

    /** Never retries. */
    RetryGate NEVER =
            new RetryGate() {
                @Override
                public boolean wantsRetry(int status) {
                    return false;
                }

                @Override
                public void retry(int status, String retryAfter, String retryAfterMs) {}
            };

    /**
     * True to swallow this attempt's outcome and be told {@link #retry} instead.
     *
     * @param status the upstream's status, or 0 when the attempt failed before any answer
     *     (unreachable, closed, first-byte timeout)
     */
    boolean wantsRetry(int status);

    /**
     * The swallowed attempt is over and its connection handed back; the exchange is done.
     *
     * @param retryAfter the upstream's {@code retry-after}, or null
     * @param retryAfterMs the upstream's {@code retry-after-ms}, or null
     */
    void retry(int status, String retryAfter, String retryAfterMs);
}
