package dev.evalgate.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void defaultsToShortLookupsAndTheEvalgatePrefix() {
        RedisSettings settings = RedisSettings.of("redis://cache:6379");

        assertThat(settings.cluster()).isFalse();
        assertThat(settings.lookupTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.writeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.keyPrefix()).isEqualTo("evalgate:");
    }

    @Test
    void masksThePasswordWhenPrinted() {
        assertThat(RedisSettings.of("rediss://app:s3cret@cache:6380/0").toString())
                .contains("rediss://app:***@cache:6380/0")
                .doesNotContain("s3cret");
        assertThat(RedisSettings.of("redis://s3cret@cache").maskedUrl())
                .isEqualTo("redis://:***@cache");
        assertThat(RedisSettings.of("redis://cache").maskedUrl()).isEqualTo("redis://cache");
    }

    @Test
    void rejectsNonPositiveTimeouts() {
        RedisSettings settings = RedisSettings.of("redis://cache");

        assertThatThrownBy(() -> settings.withLookupTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lookupTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> settings.withWriteTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writeTimeout");
    }

    @Test
    void rejectsAnInvalidUrlAtConnectTime() {
        assertThatThrownBy(() -> RedisStore.connect(RedisSettings.of("not a url")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
