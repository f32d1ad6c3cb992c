package dev.evalgate.gateway.scale;

import java.util.concurrent.CompletionStage;

/**
 * Scales a self-hosted model server up or down: an HTTP webhook, or the Kubernetes scale
 * subresource of a Deployment or StatefulSet. Asynchronous and never blocking the caller; the stage
 * completes when the platform accepted the change (not when replicas are ready: readiness is the
 * provider's health check), exceptionally when it refused or could not be reached.
 */
public interface ScaleAction extends AutoCloseable {
    /** Asks for the change {@code context} describes. */
    CompletionStage<Void> execute(ScaleContext context);

    /** One line for logs and errors: what this action calls, never a secret. */
    String describe();

    @Override
    default void close() {}
}
