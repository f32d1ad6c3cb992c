package dev.evalgate.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RedisStoreDescribeTest {

    @Test
    void saysWhichTimeoutRanOutInsteadOfTimeoutExceptionNull() {
        assertThat(RedisStore.describe(new CompletionException(new TimeoutException())))
                .isEqualTo("no answer within the cache's lookup_timeout/write_timeout");
    }

    @Test
    void namesOtherFailuresByTypeAndMessage() {
        assertThat(
                        RedisStore.describe(
                                new CompletionException(
                                        new RedisCommandTimeoutException("GET timed out"))))
                .isEqualTo("RedisCommandTimeoutException: GET timed out");
    }
}
