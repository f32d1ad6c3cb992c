package dev.evalgate.gateway.sim;

import io.netty.handler.codec.http.HttpResponseStatus;

/** The simulator's own endpoints: health, stats and reset. Never counted, delayed or faulted. */
final class Control {
    private Control() {}

    static Reply answer(Endpoint endpoint, SimRequest request, SimCounters counters) {
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
            case RESET -> {
                counters.reset();
                yield Reply.ok(Json.object().put("status", "ok"));
            }
            default -> Reply.ok(Json.object().put("status", "ok"));
        };
    }
}
