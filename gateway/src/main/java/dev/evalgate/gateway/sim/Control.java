package dev.evalgate.gateway.sim;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The simulator's own endpoints: health, stats, reset, and whether health checks are answered.
 * Never counted, delayed or faulted.
 */
final class Control {
    private Control() {}

    static Reply answer(
            Endpoint endpoint, SimRequest request, SimCounters counters, SimHealth health) {
        if (!endpoint.method().name().equals(request.method())) {
            return Reply.error(
                            SimError.METHOD_NOT_ALLOWED,
                            Protocol.OPENAI,
                            "Method " + request.method() + " is not allowed on " + endpoint.path(),
                            null)
                    .header("allow", endpoint.method().name());
        }
        return switch (endpoint) {
            case STATS -> Reply.json(HttpResponseStatus.OK, Json.bytes(counters.snapshot()));
            case SET_HEALTH -> setHealth(request, health);
            case RESET -> {
                counters.reset();
                yield Reply.ok(Json.object().put("status", "ok"));
            }
            default -> Reply.ok(Json.object().put("status", "ok"));
        };
    }

    /** {@code {"healthy": true|false}}: answer or refuse health checks from now on. */
    private static Reply setHealth(SimRequest request, SimHealth health) {
        com.fasterxml.jackson.databind.JsonNode healthy;
        try {
            healthy = Json.parseObject(request.body()).get("healthy");
        } catch (SimException e) {
            healthy = null;
        }
        if (healthy == null || !healthy.isBoolean()) {
            return Reply.error(
                    SimError.INVALID_REQUEST,
                    Protocol.OPENAI,
                    "Expected a JSON body {\"healthy\": true|false}.",
                    "healthy");
        }
        health.set(healthy.booleanValue());
        return Reply.ok(Json.object().put("healthy", healthy.booleanValue()));
    }
}
