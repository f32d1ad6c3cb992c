package dev.evalgate.gateway.scale;

/**
 * One scale action as configured: a webhook, a Kubernetes workload, or neither ({@link #EXTERNAL}:
 * an external scaler such as KEDA owns the replicas, and the gateway only holds requests while the
 * provider is down and polls its health).
 *
 * @param webhook the HTTP call, or null
 * @param kubernetes the Deployment or StatefulSet scaled, or null
 */
public record ScaleActionConfig(WebhookActionConfig webhook, KubernetesActionConfig kubernetes) {

    /** No call at all: another scaler changes the replicas (config value {@code external}). */
    public static final ScaleActionConfig EXTERNAL = new ScaleActionConfig(null, null);

    /** Refuses a webhook and a Kubernetes workload together. */
    public ScaleActionConfig {
        if (webhook != null && kubernetes != null) {
            throw new IllegalArgumentException("expected at most one of webhook and kubernetes");
        }
    }

    /** Whether an external scaler changes the replicas and the gateway calls nothing. */
    public boolean external() {
        return webhook == null && kubernetes == null;
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
