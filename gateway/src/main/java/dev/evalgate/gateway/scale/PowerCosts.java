package dev.evalgate.gateway.scale;

import java.math.BigInteger;

/**
 * What a provider's model server cost while idle and what scaling it down saved: milliseconds in
 * each condition, priced at the hourly cost when read, so the figures stay exact to the
 * micro-dollar (rounded down) however often they are read.
 *
 * <p>Not thread-safe: {@link ProviderPower} calls it under its lock.
 */
final class PowerCosts {

    /** What the time since the last accrual counts as. */
    enum Kind {
        /** Up (or scaling down) with nothing in flight or waiting: money wasted. */
        IDLE,
        /** Scaled down: money saved. */
        DOWN,
        /** Serving, waiting or waking: neither. */
        NONE
    }

    private static final BigInteger MILLIS_PER_HOUR = BigInteger.valueOf(3_600_000);

    private final BigInteger hourlyMicros;
    private long accountedAt;
    private long idleMillis;
    private long downMillis;

    PowerCosts(long hourlyMicros, long startMillis) {
        this.hourlyMicros = BigInteger.valueOf(hourlyMicros);
        this.accountedAt = startMillis;
    }

    /**
     * Counts the time from the last accrual to {@code now} as {@code kind}. A clock that went back
     * counts nothing until it passes the last accrual again.
     */
    void accrue(long now, Kind kind) {
        long elapsed = now - accountedAt;
        if (elapsed <= 0) {
            return;
        }
        accountedAt = now;
        if (kind == Kind.IDLE) {
            idleMillis += elapsed;
        } else if (kind == Kind.DOWN) {
            downMillis += elapsed;
        }
    }

    long idleMillis() {
        return idleMillis;
    }

    long downMillis() {
        return downMillis;
    }

    long idleMicros() {
        return micros(idleMillis);
    }

    long downMicros() {
        return micros(downMillis);
    }

    private long micros(long millis) {
        return hourlyMicros
                .multiply(BigInteger.valueOf(millis))
                .divide(MILLIS_PER_HOUR)
                .longValue();
    }
}
