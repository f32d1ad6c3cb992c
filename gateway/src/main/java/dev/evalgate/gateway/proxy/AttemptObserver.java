package dev.evalgate.gateway.proxy;

/**
 * Told once per upstream attempt of a {@link ProxyExchange} how it ended and how long it took, for
 * upstream latency and error metrics. Called on the exchange's event loop; must not block.
 */
@FunctionalInterface
public interface AttemptObserver {

    /** Observes nothing. */
    AttemptObserver NONE = (outcome, firstByteNanos, totalNanos) -> {};

    /**
     * One attempt is over (retried ones too).
     *
     * @param outcome how it ended
     * @param firstByteNanos from the start of the attempt (acquiring its connection) to the
     *     answer's head, or -1 when no head arrived
     * @param totalNanos from the start of the attempt to its end: the last byte of the answer, the
     *     failure, or the cancel
     */
    void attemptEnded(AttemptOutcome outcome, long firstByteNanos, long totalNanos);
}
