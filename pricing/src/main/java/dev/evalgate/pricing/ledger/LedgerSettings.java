package dev.evalgate.pricing.ledger;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the ledger keeps figures, and where in Redis.
 *
 * @param keyPrefix prepended to every Redis key
 * @param runRetention how long a run is kept after its latest call
 * @param dayRetention how long a day's spend totals are kept; must cover the ratio window
 */
public record LedgerSettings(String keyPrefix, Duration runRetention, Duration dayRetention) {

    /** The defaults: prefix {@code evalgate:ledger:}, runs 30 days, days 400 days. */
    public static final LedgerSettings DEFAULTS =
            new LedgerSettings("evalgate:ledger:", Duration.ofDays(30), Duration.ofDays(400));

    /** Rejects missing parts and retentions under a second. */
    public LedgerSettings {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        requireSeconds("runRetention", runRetention);
        requireSeconds("dayRetention", dayRetention);
    }

    /** A copy with another key prefix. */
    public LedgerSettings withKeyPrefix(String keyPrefix) {
        return new LedgerSettings(keyPrefix, runRetention, dayRetention);
    }

    /** A copy with another run retention. */
    public LedgerSettings withRunRetention(Duration runRetention) {
        return new LedgerSettings(keyPrefix, runRetention, dayRetention);
    }

    private static void requireSeconds(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.getSeconds() < 1) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 1s)");
        }
    }
}
