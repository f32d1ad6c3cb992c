package dev.evalgate.gateway.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The scale-to-zero state machine of issue 8, driven by a clock the test moves and ticks it calls:
 * exactly one scale-down when idle, exactly one scale-up however many requests wait, the waiters
 * released together when healthy or refused at the wake timeout, and every failure path.
 */
class ProviderPowerTest {

    /** A Monday, 12:00 UTC (13:00 in Berlin). */
    static final Instant MONDAY_NOON = Instant.parse("2026-11-30T12:00:00Z");

    static final Duration IDLE = Duration.ofMinutes(15);
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Duration WAKE_TIMEOUT = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(MONDAY_NOON);
    private final ManualAction down = new ManualAction();
    private final ManualAction up = new ManualAction();
    private final ManualHealth health = new ManualHealth();
    private final List<Long> wakes = new CopyOnWriteArrayList<>();
    private ProviderPower power = power(null, null);

    @Test
    void scalesDownExactlyOnceAfterTheIdleThreshold() {
        clock.advance(IDLE.minusSeconds(1));
        power.tick();
        assertThat(down.calls()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        power.tick();
        power.tick();
        clock.advance(Duration.ofMinutes(30));
        power.tick();

        assertThat(down.calls())
                .containsExactly(
                        new ScaleContext("gpu", ScaleContext.Direction.DOWN, 0, "idle", 900));
        assertThat(power.state()).isEqualTo(PowerState.SCALING_DOWN);
        down.succeed();
        power.tick();
        clock.advance(Duration.ofHours(10));
        power.tick();
        assertThat(power.state()).isEqualTo(PowerState.DOWN);
        assertThat(down.calls()).hasSize(1);
        assertThat(up.calls()).isEmpty();
        assertThat(power.snapshot().scaleDowns()).isEqualTo(1);
    }

    @Test
    void aRequestInFlightIsNeverIdleAndIdlenessCountsFromItsEnd() {
        ProviderPower.Entry e = power.enter(Runnable::run, woken -> {});
        assertThat(e.admittedAtOnce()).isTrue();
        clock.advance(Duration.ofHours(1));
        power.tick();
        assertThat(down.calls()).isEmpty();
        assertThat(power.snapshot().idleSeconds()).isZero();

        e.release();
        e.release();
        clock.advance(IDLE.minusSeconds(1));
        power.tick();
        assertThat(down.calls()).isEmpty();
        assertThat(power.snapshot().inFlight()).isZero();
        clock.advance(Duration.ofSeconds(1));
        power.tick();
        assertThat(down.calls()).hasSize(1);
    }

    @Test
    void wakesOnceForManyWaitingRequestsAndAdmitsThemTogetherWhenHealthy() {
        scaledDown();
        clock.advance(Duration.ofHours(2));
        List<Boolean> told = new ArrayList<>();
        List<ProviderPower.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(power.enter(Runnable::run, told::add));
        }

        assertThat(entries).noneMatch(ProviderPower.Entry::admittedAtOnce);
        assertThat(up.calls())
                .containsExactly(
                        new ScaleContext("gpu", ScaleContext.Direction.UP, 1, "request", 8100));
        assertThat(power.state()).isEqualTo(PowerState.WAKING);
        assertThat(power.snapshot().waiting()).isEqualTo(5);
        power.tick();
        assertThat(health.probes()).as("no probe before the scale-up is accepted").isZero();

        clock.advance(Duration.ofSeconds(3));
        up.succeed();
        assertThat(health.probes()).isEqualTo(1);
        health.answer(false);
        clock.advance(INTERVAL.minusMillis(1));
        power.tick();
        assertThat(health.probes()).as("the next probe waits for the interval").isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        power.tick();
        power.tick();
        assertThat(health.probes()).as("one probe at a time").isEqualTo(2);
        assertThat(told).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        health.answer(true);

        assertThat(told).containsExactly(true, true, true, true, true);
        assertThat(power.state()).isEqualTo(PowerState.UP);
        assertThat(power.snapshot().inFlight()).isEqualTo(5);
        assertThat(power.snapshot().waiting()).isZero();
        assertThat(up.calls()).hasSize(1);
        assertThat(power.snapshot().lastWakeMillis()).isEqualTo(6_000);
        assertThat(wakes).containsExactly(6_000_000_000L);
        entries.forEach(ProviderPower.Entry::release);
        assertThat(power.snapshot().inFlight()).isZero();
    }

    @Test
    void aRequestWhileScalingDownWakesOnceTheScaleDownEnds() {
        clock.advance(IDLE);
        power.tick();
        List<Boolean> told = new ArrayList<>();
        power.enter(Runnable::run, told::add);
        power.enter(Runnable::run, told::add);
        assertThat(up.calls()).isEmpty();

        down.succeed();

        assertThat(up.calls()).hasSize(1);
        assertThat(power.state()).isEqualTo(PowerState.WAKING);
        up.succeed();
        health.answer(true);
        assertThat(told).containsExactly(true, true);
        assertThat(down.calls()).hasSize(1);
    }

    @Test
    void aFailedScaleDownReturnsToUpAndAdmitsTheWaiters() {
        clock.advance(IDLE);
        power.tick();
        List<Boolean> told = new ArrayList<>();
        power.enter(Runnable::run, told::add);

        down.fail();

        assertThat(power.state()).isEqualTo(PowerState.UP);
        assertThat(told).containsExactly(true);
        assertThat(power.snapshot().scaleDownFailures()).isEqualTo(1);
        assertThat(power.snapshot().inFlight()).isEqualTo(1);
        assertThat(up.calls()).isEmpty();
    }

    @Test
    void aFailedScaleDownIsRetriedOnlyAfterTheBackoff() {
        clock.advance(IDLE);
        power.tick();
        down.fail();

        clock.advance(ProviderPower.RETRY_BACKOFF.minusSeconds(1));
        power.tick();
        assertThat(down.calls()).as("still idle, but inside the backoff").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        power.tick();
        assertThat(down.calls()).hasSize(2);
        assertThat(power.state()).isEqualTo(PowerState.SCALING_DOWN);
    }

    @Test
    void aFailedScaleUpRefusesTheWaitersAndTheNextRequestWakesAgain() {
        scaledDown();
        List<Boolean> told = new ArrayList<>();
        power.enter(Runnable::run, told::add);

        up.fail();

        assertThat(told).containsExactly(false);
        assertThat(power.state()).isEqualTo(PowerState.DOWN);
        assertThat(power.snapshot().scaleUpFailures()).isEqualTo(1);
        power.enter(Runnable::run, told::add);
        assertThat(up.calls()).hasSize(2);
        assertThat(power.state()).isEqualTo(PowerState.WAKING);
    }

    @Test
    void theWakeTimeoutRefusesEveryWaiterAndALateHealthyAnswerChangesNothing() {
        scaledDown();
        List<Boolean> told = new ArrayList<>();
        power.enter(Runnable::run, told::add);
        up.succeed();
        clock.advance(WAKE_TIMEOUT.minusSeconds(10));
        power.enter(Runnable::run, told::add);
        clock.advance(Duration.ofSeconds(9));
        power.tick();
        assertThat(told).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        power.tick();

        assertThat(told).containsExactly(false, false);
        assertThat(power.state()).isEqualTo(PowerState.DOWN);
        assertThat(power.snapshot().wakeTimeouts()).isEqualTo(1);
        health.answer(true);
        assertThat(power.state()).isEqualTo(PowerState.DOWN);
        assertThat(wakes).isEmpty();
    }

    @Test
    void waitersThatArriveWhileAScaleDownHangsAreRefusedAtTheWakeTimeout() {
        clock.advance(IDLE);
        power.tick();
        List<Boolean> told = new ArrayList<>();
        power.enter(Runnable::run, told::add);

        clock.advance(WAKE_TIMEOUT);
        power.tick();

        assertThat(told).containsExactly(false);
        assertThat(power.state()).isEqualTo(PowerState.SCALING_DOWN);
        down.succeed();
        assertThat(power.state()).isEqualTo(PowerState.DOWN);
        assertThat(up.calls()).isEmpty();
    }

    @Test
    void aWaiterThatGivesUpLeavesTheQueueAndIsNeverTold() {
        scaledDown();
        List<String> told = new ArrayList<>();
        ProviderPower.Entry gone = power.enter(Runnable::run, w -> told.add("gone " + w));
        power.enter(Runnable::run, w -> told.add("kept " + w));

        gone.release();
        up.succeed();
        health.answer(true);

        assertThat(told).containsExactly("kept true");
        assertThat(power.snapshot().inFlight()).isEqualTo(1);
    }

    @Test
    void aProbeThatFailsCountsAsUnhealthy() {
        power =
                power(
                        null,
                        () -> java.util.concurrent.CompletableFuture.failedFuture(new Exception()));
        scaledDown();
        power.enter(Runnable::run, w -> {});
        up.succeed();
        clock.advance(INTERVAL);
        power.tick();
        assertThat(power.state()).isEqualTo(PowerState.WAKING);
    }

    @Test
    void outsideTheScheduleScalesDownAsSoonAsNothingIsInFlight() {
        // Monday 21:00 in Berlin, after the 07:00-20:00 window.
        clock.set(Instant.parse("2026-11-30T20:00:00Z"));
        power = power(weekdays(), null);
        ProviderPower.Entry e = power.enter(Runnable::run, w -> {});
        power.tick();
        assertThat(down.calls()).isEmpty();

        e.release();
        power.tick();

        assertThat(down.calls())
                .containsExactly(
                        new ScaleContext("gpu", ScaleContext.Direction.DOWN, 0, "schedule", 0));
    }

    @Test
    void insideTheScheduleTheIdleThresholdApplies() {
        power = power(weekdays(), null);
        clock.advance(IDLE.minusSeconds(1));
        power.tick();
        assertThat(down.calls()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        power.tick();
        assertThat(down.calls()).extracting(ScaleContext::reason).containsExactly("idle");
    }

    @Test
    void theWindowsEndScalesAnIdleProviderDownBeforeTheIdleThreshold() {
        // Friday 19:55 in Berlin: five minutes idle at 20:00, when the window closes.
        clock.set(Instant.parse("2026-12-04T18:55:00Z"));
        power = power(weekdays(), null);
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        power.tick();
        assertThat(down.calls()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        power.tick();
        assertThat(down.calls()).extracting(ScaleContext::reason).containsExactly("schedule");
    }

    @Test
    void pricesIdleTimeWhileUpAndSavingsWhileDownToTheMicroDollar() {
        ProviderPower.Entry e = power.enter(Runnable::run, w -> {});
        clock.advance(Duration.ofMinutes(30));
        e.release();
        assertThat(power.snapshot().idleCostMicros()).as("in flight is not idle").isZero();

        clock.advance(IDLE);
        power.tick();
        assertThat(power.snapshot().idleCostMicros()).isEqualTo(625_000); // 2.50 $/h x 15 min
        clock.advance(Duration.ofSeconds(1));
        down.succeed();
        clock.advance(Duration.ofHours(2));

        PowerSnapshot s = power.snapshot();
        assertThat(s.idleCostMicros()).isEqualTo(625_694); // + 1 s scaling down, rounded down
        assertThat(s.downSavedMicros()).isEqualTo(5_000_000);
        assertThat(s.state()).isEqualTo(PowerState.DOWN);
        assertThat(s.idleSeconds()).isEqualTo(900 + 1 + 7200);
    }

    /** Idle, scaled down and acknowledged; the actions' call lists start with that one call. */
    private void scaledDown() {
        clock.advance(IDLE);
        power.tick();
        down.succeed();
        assertThat(power.state()).isEqualTo(PowerState.DOWN);
    }

    private static ScaleSchedule weekdays() {
        return new ScaleSchedule(
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                7 * 60,
                20 * 60,
                ZoneId.of("Europe/Berlin"));
    }

    @Test
    void anExternalScalerIsNeverCalledButRequestsWaitForHealth() {
        ProviderPower external =
                new ProviderPower(
                        "gpu",
                        power.config(),
                        ScaleActions.External.INSTANCE,
                        ScaleActions.External.INSTANCE,
                        health,
                        clock);
        clock.advance(IDLE);
        external.tick();
        assertThat(external.state()).isEqualTo(PowerState.DOWN);

        List<Boolean> told = new ArrayList<>();
        ProviderPower.Entry first = external.enter(Runnable::run, told::add);
        external.enter(Runnable::run, told::add);

        assertThat(first.admittedAtOnce()).isFalse();
        assertThat(external.snapshot().waiting())
                .as("what an external scaler such as KEDA sees as demand")
                .isEqualTo(2);
        assertThat(health.probes()).isEqualTo(1);
        health.answer(true);
        assertThat(told).containsExactly(true, true);
        assertThat(external.state()).isEqualTo(PowerState.UP);
        assertThat(down.calls()).isEmpty();
        assertThat(up.calls()).isEmpty();
    }

    private ProviderPower power(ScaleSchedule schedule, HealthCheck check) {
        ScaleToZeroConfig config =
                new ScaleToZeroConfig(
                        IDLE,
                        schedule,
                        URI.create("http://gpu/v1/models"),
                        INTERVAL,
                        WAKE_TIMEOUT,
                        new BigDecimal("2.50"),
                        ScaleActionConfig.of(
                                new KubernetesActionConfig(
                                        "Deployment", "ml", "gpu", 0, null, null)),
                        ScaleActionConfig.of(
                                new KubernetesActionConfig(
                                        "Deployment", "ml", "gpu", 1, null, null)));
        ProviderPower p =
                new ProviderPower("gpu", config, down, up, check != null ? check : health, clock);
        p.recordWakesWith(wakes::add);
        return p;
    }
}
