package dev.evalgate.gateway.sim;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the simulator answers its health checks ({@code GET /healthz} and {@code GET /v1/models})
 * or refuses them with a 503, as a model server that is still starting does. Tests of scale to zero
 * flip it; everything else leaves it healthy. Shared by all event loops.
 */
final class SimHealth {

    private final AtomicBoolean healthy = new AtomicBoolean(true);

    boolean healthy() {
        return healthy.get();
    }

    void set(boolean healthy) {
        this.healthy.set(healthy);
    }

    /** True for the requests a refused health check answers 503: the health and models paths. */
    static boolean isHealthCheck(Endpoint endpoint) {
        return endpoint == Endpoint.HEALTH || endpoint == Endpoint.MODELS;
    }
}
