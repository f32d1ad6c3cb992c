package dev.evalgate.gateway.server;

import dev.evalgate.gateway.metrics.GatewayMetrics;
import dev.evalgate.gateway.metrics.MeterNames;
import dev.evalgate.gateway.resilience.CircuitBreaker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One circuit breaker per provider, with its state logged and exported as a gauge. */
final class CircuitBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakers.class);

    /** Consecutive failures that open a provider's circuit. */
    static final int FAILURE_THRESHOLD = 5;

    /** How long an open circuit stays open before one trial call. */
    static final Duration COOLDOWN = Duration.ofSeconds(30);

    private final Map<String, CircuitBreaker> breakers;

    CircuitBreakers(Set<String> providers, GatewayMetrics metrics) {
        Map<String, CircuitBreaker> map = new HashMap<>();
        for (String provider : providers) {
            CircuitBreaker b =
                    CircuitBreaker.of(
                            provider,
                            FAILURE_THRESHOLD,
                            COOLDOWN,
                            System::nanoTime,
                            (name, from, to) ->
                                    LOG.warn(
                                            "upstream provider '{}': circuit {} -> {}",
                                            name,
                                            from,
                                            to));
            map.put(provider, b);
            metrics.providerGauge(
                    MeterNames.CIRCUIT_STATE,
                    "Circuit state per provider: 0 closed, 1 half-open, 2 open",
                    provider,
                    () -> gaugeValue(b.state()));
        }
        this.breakers = Map.copyOf(map);
    }

    /** The documented gauge value: 0 closed, 1 half-open, 2 open (not the enum's order). */
    static int gaugeValue(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    CircuitBreaker of(String provider) {
        return breakers.get(provider);
    }
}
