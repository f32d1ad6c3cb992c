package dev.evalgate.cache.store;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A complete upstream answer as it is replayed from the cache: status, headers and body bytes.
 *
 * <p>The body array is owned by the answer and is not copied; nobody may modify it after
 * construction. {@link #equals} compares body contents, and {@link #toString} prints only the body
 * length, so an answer never leaks a completion into a log line.
 *
 * @param status HTTP status, 100..999
 * @param headers response headers in upstream order
 * @param body response body bytes, possibly empty
 * @param storedAtMillis wall-clock time the answer was stored, epoch milliseconds
 */
public record CachedAnswer(
        int status, List<StoredHeader> headers, byte[] body, long storedAtMillis) {

    /** Validates the status and copies the header list. */
    public CachedAnswer {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException(
                    "status: " + status + " (expected: an HTTP status, 100..999)");
        }
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CachedAnswer other
                && status == other.status
                && storedAtMillis == other.storedAtMillis
                && headers.equals(other.headers)
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body), storedAtMillis);
    }

    @Override
    public String toString() {
        return "CachedAnswer[status="
                + status
                + ", headers="
                + headers.size()
                + ", body="
                + body.length
                + " bytes, storedAtMillis="
                + storedAtMillis
                + "]";
    }
}
