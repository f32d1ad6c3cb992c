package dev.evalgate.gateway.scale;

/**
 * A provider's scale-to-zero figures at one moment, for the admin API.
 *
 * @param provider the provider's name
 * @param state where the model server is in its cycle
 * @param idleSeconds whole seconds since the last request finished; 0 while one is in flight or
 *     waits
 * @param inFlight requests admitted and not finished
 * @param waiting requests waiting for a wake
 * @param scaleDowns scale-down actions that succeeded
 * @param scaleDownFailures scale-down actions that failed
 * @param scaleUps scale-up actions that succeeded
 * @param scaleUpFailures scale-up actions that failed
 * @param wakeTimeouts wakes given up at the wake timeout
 * @param lastWakeMillis the last successful wake, scale-up call to healthy, or -1 before the first
 * @param idleCostMicros hourly cost × time up with nothing in flight, in micro-dollars
 * @param downSavedMicros hourly cost × time scaled down, in micro-dollars
 */
public record PowerSnapshot(
        String provider,
        PowerState state,
        long idleSeconds,
        int inFlight,
        int waiting,
        long scaleDowns,
        long scaleDownFailures,
        long scaleUps,
        long scaleUpFailures,
        long wakeTimeouts,
        long lastWakeMillis,
        long idleCostMicros,
        long downSavedMicros) {}
