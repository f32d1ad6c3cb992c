package dev.evalgate.gateway.resilience;

/** How an upstream call failed without an HTTP status, as far as retrying is concerned. */
public enum FailureKind {
    /** The connection could not be opened (refused, reset, DNS, TLS, connect timeout). */
    CONNECT_ERROR(true),
    /** The request went out but no response byte arrived in time; nothing reached the client. */
    FIRST_BYTE_TIMEOUT(true),
    /**
     * The upstream failed after the first byte was relayed to the client (idle timeout, cut
     * stream): the client holds part of an answer, so the call is never repeated.
     */
    AFTER_FIRST_BYTE(false);

    private final boolean retryable;

    FailureKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** True when another attempt (on this target or a fallback) may be made. */
    public boolean retryable() {
        return retryable;
    }
}
