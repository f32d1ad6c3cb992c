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
            metrics.gauge(
                    MeterNames.CIRCUIT_STATE,
                    "Circuit state of provider " + provider + ": 0 closed, 1 half-open, 2 open",
                    () -> b.state().ordinal());
        }
        this.breakers = Map.copyOf(map);
    }

    CircuitBreaker of(String provider) {
        return breakers.get(provider);
    }
}
