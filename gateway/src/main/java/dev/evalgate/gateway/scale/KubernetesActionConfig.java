package dev.evalgate.gateway.scale;

/**
 * A scale action on the Kubernetes API: the {@code scale} subresource of a Deployment or
 * StatefulSet.
 *
 * @param kind {@code Deployment} or {@code StatefulSet}
 * @param namespace the workload's namespace
 * @param name the workload's name
 * @param replicas the replicas set when scaling up (scaling down sets 0)
 * @param kubeconfig a kubeconfig file, or null for the in-cluster service account (or the default
 *     kubeconfig outside a cluster)
 * @param context the kubeconfig context, or null for its current one
 */
public record KubernetesActionConfig(
        String kind,
        String namespace,
        String name,
        int replicas,
        String kubeconfig,
        String context) {}
