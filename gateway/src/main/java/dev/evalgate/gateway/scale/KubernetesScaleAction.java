package dev.evalgate.gateway.scale;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Scales a Deployment or StatefulSet through the Kubernetes API's {@code scale} subresource.
 *
 * <p>Placeholder until the Kubernetes client lands: every call fails with a clear message.
 */
public final class KubernetesScaleAction implements ScaleAction {

    private final KubernetesActionConfig config;

    private KubernetesScaleAction(KubernetesActionConfig config) {
        this.config = config;
    }

    /** The action for {@code config}. */
    public static KubernetesScaleAction create(KubernetesActionConfig config) {
        return new KubernetesScaleAction(config);
    }

    @Override
    public CompletionStage<Void> execute(ScaleContext context) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("the Kubernetes scale action is not built yet"));
    }

    @Override
    public String describe() {
        return "kubernetes " + config.kind() + " " + config.namespace() + "/" + config.name();
    }
}
