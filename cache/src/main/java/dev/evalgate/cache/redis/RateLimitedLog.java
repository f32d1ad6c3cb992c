package dev.evalgate.cache.redis;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs at most one warning per reason per interval, and says how many it held back, so an outage
 * costs a handful of log lines rather than one per request.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final String subject;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log, Duration interval, LongSupplier nanoTime) {
        this(log, "redis cache", interval, nanoTime);
    }

    /**
     * A log whose warnings read {@code "<subject> <reason>: <detail>"}.
     *
     * @param subject what fails, e.g. {@code "spend ledger"}
     */
    public RateLimitedLog(Logger log, String subject, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.subject = subject;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Warns {@code "<subject> <reason>: <detail>"} unless this reason warned within the interval.
     *
     * @return whether the warning was logged
     */
    public boolean warn(String reason, String detail) {
        long suppressed = windows.computeIfAbsent(reason, ignored -> new Window()).admit();
        if (suppressed < 0) {
            return false;
        }
        log.warn("{} {}: {} ({} similar warnings suppressed)", subject, reason, detail, suppressed);
        return true;
    }

    private final class Window {
        private boolean logged;
        private long lastNanos;
        private long suppressed;

        /** Returns how many warnings were held back since the last one, or -1 to hold this one. */
        synchronized long admit() {
            long now = nanoTime.getAsLong();
            if (logged && now - lastNanos < intervalNanos) {
                suppressed++;
                return -1;
            }
            logged = true;
            lastNanos = now;
            long held = suppressed;
            suppressed = 0;
            return held;
        }
    }
}
