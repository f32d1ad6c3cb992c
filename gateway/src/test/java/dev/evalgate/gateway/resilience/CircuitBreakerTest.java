package dev.evalgate.gateway.resilience;

import static dev.evalgate.gateway.resilience.CircuitBreaker.State.CLOSED;
import static dev.evalgate.gateway.resilience.CircuitBreaker.State.HALF_OPEN;
import static dev.evalgate.gateway.resilience.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Duration COOLDOWN = Duration.ofSeconds(10);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private final CircuitBreaker breaker =
            CircuitBreaker.of(
                    "anthropic",
                    3,
                    COOLDOWN,
                    nanos::get,
                    (name, from, to) -> transitions.add(name + ":" + from + "->" + to));

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure();
        }
        assertThat(breaker.state()).isEqualTo(OPEN);
    }

    @Test
    void staysClosedBelowTheThreshold() {
        breaker.onFailure();
        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(transitions).isEmpty();
    }

    @Test
    void successResetsTheConsecutiveFailureCount() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CLOSED);
    }

    @Test
    void opensAfterConsecutiveFailuresAndRefusesCalls() {
        open();

        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(transitions).containsExactly("anthropic:CLOSED->OPEN");
    }

    @Test
    void staysOpenUntilTheCooldownHasPassed() {
        open();
        advance(COOLDOWN.minusNanos(1));

        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.state()).isEqualTo(OPEN);
    }

    @Test
    void letsExactlyOneTrialThroughAfterTheCooldown() {
        open();
        advance(COOLDOWN);

        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void trialSuccessCloses() {
        open();
        advance(COOLDOWN);
        breaker.tryAcquire();

        breaker.onSuccess();

        assertThat(breaker.state()).isEqualTo(CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(transitions)
                .containsExactly(
                        "anthropic:CLOSED->OPEN",
                        "anthropic:OPEN->HALF_OPEN",
                        "anthropic:HALF_OPEN->CLOSED");
    }

    @Test
    void trialFailureReopensForAnotherCooldown() {
        open();
        advance(COOLDOWN);
        breaker.tryAcquire();
        advance(Duration.ofSeconds(1));

        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(OPEN);
        advance(COOLDOWN.minusNanos(1));
        assertThat(breaker.tryAcquire()).isFalse();
        advance(Duration.ofNanos(1));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(transitions)
                .containsExactly(
                        "anthropic:CLOSED->OPEN",
                        "anthropic:OPEN->HALF_OPEN",
                        "anthropic:HALF_OPEN->OPEN",
                        "anthropic:OPEN->HALF_OPEN");
    }

    @Test
    void lateFailureWhileOpenDoesNotExtendTheCooldown() {
        open();
        advance(COOLDOWN.minusSeconds(1));
        breaker.onFailure();
        advance(Duration.ofSeconds(1));

        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void cancelledTrialLetsTheNextCallerTry() {
        open();
        advance(COOLDOWN);
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.onCancel();

        assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void trialSilentForAWholeCooldownIsReplaced() {
        open();
        advance(COOLDOWN);
        assertThat(breaker.tryAcquire()).isTrue();
        advance(COOLDOWN.minusNanos(1));
        assertThat(breaker.tryAcquire()).isFalse();

        advance(Duration.ofNanos(1));

        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void listenerFailureDoesNotBreakTheBreaker() {
        CircuitBreaker noisy =
                CircuitBreaker.of(
                        "openai",
                        1,
                        COOLDOWN,
                        nanos::get,
                        (name, from, to) -> {
                            throw new IllegalStateException("listener bug");
                        });

        noisy.onFailure();

        assertThat(noisy.state()).isEqualTo(OPEN);
    }

    @Test
    void admitsOneTrialAmongManyConcurrentCallers() throws Exception {
        int threads = 8;
        int callers = 64;
        open();
        advance(COOLDOWN);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger admitted = new AtomicInteger();
            List<Future<?>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(
                        pool.submit(
                                () -> {
                                    start.await();
                                    if (breaker.tryAcquire()) {
                                        admitted.incrementAndGet();
                                    }
                                    return null;
                                }));
            }
            start.countDown();
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }

            assertThat(admitted).hasValue(1);
            assertThat(breaker.state()).isEqualTo(HALF_OPEN);
            assertThat(transitions).containsOnlyOnce("anthropic:OPEN->HALF_OPEN");
        } finally {
            pool.shutdownNow();
        }
    }
}
