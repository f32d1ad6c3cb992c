package dev.evalgate.gateway.metrics;

/**
 * What a provider's scale-to-zero state machine reports, read at scrape time: the figures behind
 * the {@code evalgate_provider_*} meters.
 */
public interface PowerReadings {
    /** 0 up, 1 scaling down, 2 down, 3 waking. */
    int stateValue();

    /** Seconds since the provider's last request finished; 0 while one is in flight or waits. */
    double idleSeconds();

    /** Requests admitted to the provider and not finished. */
    int inFlight();

    /** Requests waiting for the provider to wake. */
    int waiting();

    /** Scale actions run in that direction with that result. */
    long scaleEvents(boolean up, boolean ok);

    /** Hourly cost × hours up with nothing in flight, in micro-dollars. */
    long idleCostMicros();

    /** Hourly cost × hours scaled down, in micro-dollars. */
    long downSavedMicros();
}
