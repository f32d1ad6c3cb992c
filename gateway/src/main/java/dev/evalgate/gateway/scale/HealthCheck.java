package dev.evalgate.gateway.scale;

import java.util.concurrent.CompletionStage;

/** Asks whether a model server is ready to serve; never blocks the caller. */
@FunctionalInterface
public interface HealthCheck {
    /**
     * Completes with true when the server answered 2xx, false when it answered otherwise or could
     * not be reached; never exceptionally.
     */
    CompletionStage<Boolean> check();
}
