package dev.evalgate.gateway.scale;

/**
 * One scale action as configured: exactly one of a webhook or a Kubernetes workload.
 *
 * @param webhook the HTTP call, or null
 * @param kubernetes the Deployment or StatefulSet scaled, or null
 */
public record ScaleActionConfig(WebhookActionConfig webhook, KubernetesActionConfig kubernetes) {

    /** Requires exactly one kind of action. */
    public ScaleActionConfig {
        if ((webhook == null) == (kubernetes == null)) {
            throw new IllegalArgumentException("expected exactly one of webhook and kubernetes");
        }
    }

    /** A webhook action. */
    public static ScaleActionConfig of(WebhookActionConfig webhook) {
        return new ScaleActionConfig(webhook, null);
    }

    /** A Kubernetes action. */
    public static ScaleActionConfig of(KubernetesActionConfig kubernetes) {
        return new ScaleActionConfig(null, kubernetes);
    }

    /** The replicas a scale-up asks for: the Kubernetes action's, else 1. */
    int upReplicas() {
        return kubernetes != null ? kubernetes.replicas() : 1;
    }
}
