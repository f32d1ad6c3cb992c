package dev.evalgate.gateway.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When to try an upstream call again: which failures are worth another attempt, how many attempts a
 * target gets, and how long to wait before each one.
 *
 * <p>The wait is exponential backoff with full jitter ({@code random * min(maxDelay, baseDelay *
 * 2^(attempt-1))}), unless the upstream said how long to wait with {@code retry-after-ms} or {@code
 * retry-after} (delta-seconds or an IMF-fixdate HTTP-date, read against {@link #clock()}). The
 * upstream's word wins, up to {@link #retryAfterCap()}; beyond it the policy says "do not retry
 * this target" so the caller fails over or gives up rather than parking a request for minutes. A
 * malformed header is ignored in favour of the backoff.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxAttempts calls per target, the first included; at least 1
 * @param baseDelay the backoff ceiling before the first retry
 * @param maxDelay the largest backoff ceiling
 * @param retryAfterCap the longest upstream-requested wait that is honoured
 * @param clock the clock HTTP-date {@code retry-after} values are measured against
 */
public record RetryPolicy(
        int maxAttempts,
        Duration baseDelay,
        Duration maxDelay,
        Duration retryAfterCap,
        Clock clock) {

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Validates the values, naming the first bad one as {@code name: value (expected: …)}. */
    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(retryAfterCap, "retryAfterCap");
        Objects.requireNonNull(clock, "clock");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
        if (baseDelay.isNegative()) {
            throw new IllegalArgumentException("baseDelay: " + baseDelay + " (expected: >= 0)");
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay: " + maxDelay + " (expected: >= baseDelay " + baseDelay + ")");
        }
        if (retryAfterCap.isNegative()) {
            throw new IllegalArgumentException(
                    "retryAfterCap: " + retryAfterCap + " (expected: >= 0)");
        }
    }

    /** A policy that reads HTTP-dates against the system UTC clock. */
    public static RetryPolicy of(
            int maxAttempts, Duration baseDelay, Duration maxDelay, Duration retryAfterCap) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, retryAfterCap, Clock.systemUTC());
    }

    /** True when a target that has had {@code attemptsMade} calls may be called again. */
    public boolean hasAttemptsLeft(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /** True for statuses worth another attempt: 429, 500, 502, 503, 504 and Anthropic's 529. */
    public static boolean isRetryableStatus(int status) {
        return switch (status) {
            case 429, 500, 502, 503, 504, 529 -> true;
            default -> false;
        };
    }

    /** True when a call that failed this way may be made again. */
    public static boolean isRetryable(FailureKind kind) {
        return kind.retryable();
    }

    /**
     * The wait before the next call, given only a {@code retry-after} header.
     *
     * @see #delayBeforeAttempt(int, String, String, DoubleSupplier)
     */
    public Duration delayBeforeAttempt(int attempt, String retryAfter, DoubleSupplier random) {
        return delayBeforeAttempt(attempt, retryAfter, null, random);
    }

    /**
     * The wait before the next call to a target, or null when the upstream asked for a wait longer
     * than {@link #retryAfterCap()} and this target should not be retried.
     *
     * @param attempt how many calls to this target have failed so far (1 before the first retry)
     * @param retryAfter the {@code retry-after} header of the failed answer, or null
     * @param retryAfterMs the {@code retry-after-ms} header of the failed answer, or null; it wins
     *     over {@code retryAfter} when both parse
     * @param random a source of uniform values in [0, 1) for the jitter
     */
    public Duration delayBeforeAttempt(
            int attempt, String retryAfter, String retryAfterMs, DoubleSupplier random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt: " + attempt + " (expected: >= 1)");
        }
        long requested = parseDecimal(retryAfterMs, NANOS_PER_MILLI);
        if (requested < 0) {
            requested = parseRetryAfter(retryAfter);
        }
        if (requested >= 0) {
            return requested > retryAfterCap.toNanos() ? null : Duration.ofNanos(requested);
        }
        return Duration.ofNanos((long) (clampUnit(random.getAsDouble()) * ceiling(attempt)));
    }

    private long ceiling(int attempt) {
        long base = baseDelay.toNanos();
        long max = maxDelay.toNanos();
        int shift = attempt - 1;
        if (shift >= Long.SIZE - 1 || base > (max >> shift)) {
            return max;
        }
        return base << shift;
    }

    private static double clampUnit(double r) {
        return r < 0 ? 0 : Math.min(r, 1);
    }

    /** Nanoseconds a {@code retry-after} value asks for, or -1 when absent or malformed. */
    private long parseRetryAfter(String value) {
        long seconds = parseDecimal(value, NANOS_PER_SECOND);
        if (seconds >= 0 || value == null) {
            return seconds;
        }
        try {
            Instant at =
                    ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant();
            return Math.max(0, Duration.between(clock.instant(), at).toNanos());
        } catch (DateTimeParseException | ArithmeticException e) {
            return -1;
        }
    }

    /**
     * A non-negative decimal number of {@code unitNanos}, in nanoseconds (saturating at {@link
     * Long#MAX_VALUE}), or -1 when {@code value} is null or not such a number.
     */
    private static long parseDecimal(String value, long unitNanos) {
        if (value == null) {
            return -1;
        }
        String s = value.trim();
        boolean digits = false;
        boolean dot = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return -1;
            }
        }
        if (!digits) {
            return -1;
        }
        double nanos = Double.parseDouble(s) * unitNanos;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos;
    }
}
