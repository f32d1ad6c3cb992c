package dev.evalgate.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

class RateLimitedLogTest {

    private final AtomicLong now = new AtomicLong(-5);
    private final RateLimitedLog log =
            new RateLimitedLog(NOPLogger.NOP_LOGGER, Duration.ofSeconds(30), now::get);

    @Test
    void logsOncePerReasonPerInterval() {
        assertThat(log.warn("timeout", "first")).isTrue();
        assertThat(log.warn("timeout", "second")).isFalse();
        assertThat(log.warn("error", "other reason")).isTrue();

        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(log.warn("timeout", "still quiet")).isFalse();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(log.warn("timeout", "again")).isTrue();
    }
}
