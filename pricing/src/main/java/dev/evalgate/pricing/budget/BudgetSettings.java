package dev.evalgate.pricing.budget;

import java.time.Duration;
import java.util.Objects;

/**
 * How budgets are kept.
 *
 * @param keyPrefix prepended to every Redis key
 * @param reservationTimeout how long an unreconciled reservation holds budget; longer than any call
 *     can take
 * @param scopeRetention how long a scope's figures are kept after its latest change
 */
public record BudgetSettings(
        String keyPrefix, Duration reservationTimeout, Duration scopeRetention) {

    /** Prefix {@code evalgate:budget:}, reservations 15 minutes, scopes 30 days. */
    public static final BudgetSettings DEFAULTS =
            new BudgetSettings("evalgate:budget:", Duration.ofMinutes(15), Duration.ofDays(30));

    /** Rejects missing parts and durations under a second. */
    public BudgetSettings {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        requireSeconds("reservationTimeout", reservationTimeout);
        requireSeconds("scopeRetention", scopeRetention);
    }

    /** A copy with another key prefix. */
    public BudgetSettings withKeyPrefix(String keyPrefix) {
        return new BudgetSettings(keyPrefix, reservationTimeout, scopeRetention);
    }

    private static void requireSeconds(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.getSeconds() < 1) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 1s)");
        }
    }
}
