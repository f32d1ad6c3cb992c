package dev.evalgate.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
    private static final RetryPolicy POLICY =
            new RetryPolicy(
                    4,
                    Duration.ofMillis(100),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(30),
                    Clock.fixed(NOW, ZoneOffset.UTC));
    private static final DoubleSupplier HALF = () -> 0.5;
    private static final DoubleSupplier ALMOST_ONE = () -> Math.nextDown(1.0);

    private static String httpDate(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    @Test
    void backoffDoublesPerAttemptWithFullJitter() {
        assertThat(POLICY.delayBeforeAttempt(1, null, HALF)).isEqualTo(Duration.ofMillis(50));
        assertThat(POLICY.delayBeforeAttempt(2, null, HALF)).isEqualTo(Duration.ofMillis(100));
        assertThat(POLICY.delayBeforeAttempt(3, null, HALF)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void backoffStaysWithinZeroAndTheCeiling() {
        assertThat(POLICY.delayBeforeAttempt(1, null, () -> 0.0)).isZero();
        assertThat(POLICY.delayBeforeAttempt(1, null, ALMOST_ONE))
                .isLessThan(Duration.ofMillis(100))
                .isGreaterThan(Duration.ofMillis(99));
        assertThat(POLICY.delayBeforeAttempt(3, null, ALMOST_ONE))
                .isLessThan(Duration.ofMillis(400));
    }

    @Test
    void backoffCeilingStopsAtMaxDelayWithoutOverflow() {
        assertThat(POLICY.delayBeforeAttempt(6, null, HALF)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.delayBeforeAttempt(64, null, HALF)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.delayBeforeAttempt(Integer.MAX_VALUE, null, ALMOST_ONE))
                .isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterSecondsWinsOverBackoff() {
        assertThat(POLICY.delayBeforeAttempt(1, "7", HALF)).isEqualTo(Duration.ofSeconds(7));
        assertThat(POLICY.delayBeforeAttempt(1, " 0 ", HALF)).isZero();
        assertThat(POLICY.delayBeforeAttempt(1, "1.5", HALF)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void retryAfterHttpDateIsMeasuredAgainstTheClock() {
        assertThat(POLICY.delayBeforeAttempt(1, httpDate(NOW.plusSeconds(12)), HALF))
                .isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void retryAfterHttpDateInThePastMeansRetryNow() {
        assertThat(POLICY.delayBeforeAttempt(1, httpDate(NOW.minusSeconds(5)), HALF)).isZero();
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        assertThat(POLICY.delayBeforeAttempt(1, "9", "250", HALF))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(POLICY.delayBeforeAttempt(1, null, "1234.5", HALF))
                .isEqualTo(Duration.ofNanos(1_234_500_000L));
    }

    @Test
    void retryAfterAtTheCapIsHonoured() {
        assertThat(POLICY.delayBeforeAttempt(1, "30", HALF)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterAboveTheCapMeansDoNotRetry() {
        assertThat(POLICY.delayBeforeAttempt(1, "31", HALF)).isNull();
        assertThat(POLICY.delayBeforeAttempt(1, "99999999999999999999999", HALF)).isNull();
        assertThat(POLICY.delayBeforeAttempt(1, httpDate(NOW.plusSeconds(60)), HALF)).isNull();
        assertThat(POLICY.delayBeforeAttempt(1, null, "30001", HALF)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "soon", "-3", "1e3", "1.2.3", "Tue, 99 Foo 2025"})
    void malformedRetryAfterFallsBackToBackoff(String header) {
        assertThat(POLICY.delayBeforeAttempt(2, header, header, HALF))
                .isEqualTo(Duration.ofMillis(100));
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504, 529})
    void retriesThrottlingAndServerErrors(int status) {
        assertThat(RetryPolicy.isRetryableStatus(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 401, 403, 404, 408, 413, 422, 501, 505})
    void doesNotRetryClientErrorsOrUnsupported(int status) {
        assertThat(RetryPolicy.isRetryableStatus(status)).isFalse();
    }

    @Test
    void retriesConnectErrorsAndFirstByteTimeoutsButNothingAfterTheFirstByte() {
        assertThat(RetryPolicy.isRetryable(FailureKind.CONNECT_ERROR)).isTrue();
        assertThat(RetryPolicy.isRetryable(FailureKind.FIRST_BYTE_TIMEOUT)).isTrue();
        assertThat(RetryPolicy.isRetryable(FailureKind.AFTER_FIRST_BYTE)).isFalse();
    }

    @Test
    void countsTheFirstCallAsAnAttempt() {
        assertThat(POLICY.hasAttemptsLeft(3)).isTrue();
        assertThat(POLICY.hasAttemptsLeft(4)).isFalse();
    }

    @Test
    void rejectsInvalidSettingsNamingTheValue() {
        assertThatThrownBy(() -> RetryPolicy.of(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessage("maxAttempts: 0 (expected: >= 1)");
        assertThatThrownBy(
                        () ->
                                RetryPolicy.of(
                                        1,
                                        Duration.ofSeconds(2),
                                        Duration.ofSeconds(1),
                                        Duration.ZERO))
                .hasMessageStartingWith("maxDelay: PT1S (expected: >= baseDelay");
    }
}
