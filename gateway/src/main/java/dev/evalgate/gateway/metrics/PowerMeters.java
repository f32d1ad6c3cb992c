package dev.evalgate.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The scale-to-zero meters of one provider, all labelled {@code provider}: power state, idle
 * seconds, scale events by direction and result, wake durations, idle cost and down savings (exact
 * micro-dollars divided once at scrape time), in-flight and waiting requests for KEDA.
 */
final class PowerMeters {

    /** Wakes take seconds to many minutes: GPU nodes, image pulls, model loading. */
    private static final Duration[] WAKE_BUCKETS = {
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        Duration.ofHours(1)
    };

    private PowerMeters() {}

    /** Registers the meters; returns where to record each wake's duration in nanoseconds. */
    static LongConsumer register(MeterRegistry registry, String provider, PowerReadings r) {
        Gauge.builder(MeterNames.PROVIDER_POWER_STATE, r, PowerReadings::stateValue)
                .description(
                        "A provider's power state under scale to zero: 0 up, 1 scaling down, 2"
                                + " down, 3 waking")
                .tag("provider", provider)
                .strongReference(true)
                .register(registry);
        Gauge.builder(MeterNames.PROVIDER_IDLE, r, PowerReadings::idleSeconds)
                .description(
                        "Seconds since a provider's last request finished; 0 while one is in"
                                + " flight or waiting")
                .baseUnit("seconds")
                .tag("provider", provider)
                .strongReference(true)
                .register(registry);
        Gauge.builder(MeterNames.PROVIDER_IN_FLIGHT, r, PowerReadings::inFlight)
                .description("Requests in flight to a provider with scale to zero")
                .tag("provider", provider)
                .strongReference(true)
                .register(registry);
        Gauge.builder(MeterNames.PROVIDER_WAITING, r, PowerReadings::waiting)
                .description("Requests waiting for a provider to wake")
                .tag("provider", provider)
                .strongReference(true)
                .register(registry);
        for (boolean up : new boolean[] {true, false}) {
            for (boolean ok : new boolean[] {true, false}) {
                FunctionCounter.builder(
                                MeterNames.PROVIDER_SCALE_EVENTS, r, x -> x.scaleEvents(up, ok))
                        .description(
                                "Scale actions run, by provider, direction (up, down) and result"
                                        + " (ok, error)")
                        .tag("provider", provider)
                        .tag("direction", up ? "up" : "down")
                        .tag("result", ok ? "ok" : "error")
                        .register(registry);
            }
        }
        FunctionCounter.builder(MeterNames.PROVIDER_IDLE_COST, r, x -> x.idleCostMicros() / 1e6)
                .description(
                        "Hourly cost of a provider while it was up with nothing in flight (money"
                                + " wasted), in US dollars")
                .baseUnit("usd")
                .tag("provider", provider)
                .register(registry);
        FunctionCounter.builder(MeterNames.PROVIDER_DOWN_SAVED, r, x -> x.downSavedMicros() / 1e6)
                .description(
                        "Hourly cost of a provider while it was scaled down (money recovered), in"
                                + " US dollars")
                .baseUnit("usd")
                .tag("provider", provider)
                .register(registry);
        Timer wakes =
                Timer.builder(MeterNames.PROVIDER_WAKE_DURATION)
                        .description(
                                "From a wake's scale-up call to the provider's first healthy"
                                        + " answer")
                        .tag("provider", provider)
                        .serviceLevelObjectives(WAKE_BUCKETS)
                        .minimumExpectedValue(WAKE_BUCKETS[0])
                        .maximumExpectedValue(WAKE_BUCKETS[WAKE_BUCKETS.length - 1])
                        .register(registry);
        return nanos -> wakes.record(nanos, TimeUnit.NANOSECONDS);
    }
}
