package dev.evalgate.gateway.scale;

import java.net.http.HttpClient;

/** Builds the action a {@link ScaleActionConfig} describes. */
final class ScaleActions {

    private ScaleActions() {}

    /** A webhook through {@code http}, or the Kubernetes scale subresource. */
    static ScaleAction create(ScaleActionConfig config, HttpClient http) {
        if (config.webhook() != null) {
            return new WebhookScaleAction(http, config.webhook());
        }
        return KubernetesScaleAction.create(config.kubernetes());
    }
}
