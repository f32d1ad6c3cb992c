package dev.evalgate.gateway.scale;

import dev.evalgate.pricing.cost.Micros;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A provider's {@code scale_to_zero} section: when to scale its model server down, how to scale it
 * down and up, and how to tell it is ready again.
 *
 * @param idle how long without a request in flight before a scale-down (inside the schedule, or
 *     always without one)
 * @param schedule the active windows, or null for the idle threshold at all times
 * @param healthUrl polled while waking until it answers 2xx
 * @param healthInterval the pause between two health probes
 * @param wakeTimeout the longest a wake may take; past it waiting requests fall back or get 503
 * @param hourlyCostUsd what the model server costs per hour while up, or null when not known
 * @param scaleDown the action that scales the model server to zero
 * @param scaleUp the action that scales it back up
 */
public record ScaleToZeroConfig(
        Duration idle,
        ScaleSchedule schedule,
        URI healthUrl,
        Duration healthInterval,
        Duration wakeTimeout,
        BigDecimal hourlyCostUsd,
        ScaleActionConfig scaleDown,
        ScaleActionConfig scaleUp) {

    /** Default idle threshold. */
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);

    /** Default pause between health probes. */
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(1);

    /** Default wake timeout. */
    public static final Duration DEFAULT_WAKE_TIMEOUT = Duration.ofMinutes(5);

    /** Requires the durations, the health URL and both actions. */
    public ScaleToZeroConfig {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(healthUrl, "healthUrl");
        Objects.requireNonNull(healthInterval, "healthInterval");
        Objects.requireNonNull(wakeTimeout, "wakeTimeout");
        Objects.requireNonNull(scaleDown, "scaleDown");
        Objects.requireNonNull(scaleUp, "scaleUp");
    }

    /** The hourly cost in whole micro-dollars (0 when not configured). */
    public long hourlyCostMicros() {
        return hourlyCostUsd == null ? 0 : Micros.fromUsdExact(hourlyCostUsd);
    }
}
