package dev.evalgate.gateway.proxy;

/**
 * How one upstream attempt of a {@link ProxyExchange} ended, as the metrics label it. Exactly one
 * per attempt, retried attempts included. An upstream error status wins over what happened after it
 * (a 503 whose body broke off is a 5xx).
 */
public enum AttemptOutcome {
    /** An answer relayed (or read for followers) to its end, any status but 429 and 5xx. */
    OK("ok", null),
    /** The client went away and nobody else wanted the answer. */
    CANCELLED("cancelled", null),
    /** The upstream answered 429. */
    STATUS_429("error", "status_429"),
    /** The upstream answered 5xx. */
    STATUS_5XX("error", "status_5xx"),
    /** No answer within the first-byte timeout, or the answer went silent past the idle timeout. */
    TIMEOUT("error", "timeout"),
    /** No connection: refused, DNS, TLS, connect or pool-acquire timeout. */
    CONNECT("error", "connect"),
    /** The connection was closed or reset before the answer began. */
    RESET("error", "reset"),
    /** The answer began and broke off before its end. */
    TRUNCATED("error", "truncated"),
    /** A 2xx answer in the other protocol that could not be translated back. */
    UNTRANSLATABLE("error", "untranslatable"),
    /** A plain 2xx answer that is not JSON (wrong content type, unparsable or cut-short body). */
    INVALID_ANSWER("error", "invalid_answer"),
    /** A gateway bug while sending: not the upstream's fault, so no error reason. */
    INTERNAL("error", null);

    private final String outcome;
    private final String errorReason;

    AttemptOutcome(String outcome, String errorReason) {
        this.outcome = outcome;
        this.errorReason = errorReason;
    }

    /**
     * The latency histogram's {@code outcome} label: {@code ok}, {@code error} or {@code
     * cancelled}.
     */
    public String outcome() {
        return outcome;
    }

    /**
     * The upstream error counter's {@code reason} label, or null when the upstream did not fail.
     */
    public String errorReason() {
        return errorReason;
    }
}
