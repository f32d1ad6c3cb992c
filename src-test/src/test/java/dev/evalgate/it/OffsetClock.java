package dev.evalgate.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset the test moves forward: real time still passes (health probes,
 * timeouts of sockets), and a test skips fifteen idle minutes by moving the offset, not by
 * sleeping.
 */
final class OffsetClock extends Clock {

    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    OffsetClock() {
        this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    private OffsetClock(AtomicReference<Duration> offset, ZoneId zone) {
        this.offset = offset;
        this.zone = zone;
    }

    /** Moves this clock {@code d} ahead of the system clock's own progress. */
    void advance(Duration d) {
        offset.accumulateAndGet(d, Duration::plus);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving clock in another zone: moving either moves both. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new OffsetClock(offset, zone);
    }
}
