package dev.evalgate.gateway.scale;

import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Builds the action a {@link ScaleActionConfig} describes. */
final class ScaleActions {

    private ScaleActions() {}

    /** A webhook through {@code http}, or the Kubernetes scale subresource. */
    static ScaleAction create(ScaleActionConfig config, HttpClient http) {
        if (config.external()) {
            return External.INSTANCE;
        }
        if (config.webhook() != null) {
            return new WebhookScaleAction(http, config.webhook());
        }
        return KubernetesScaleAction.create(config.kubernetes());
    }

    /**
     * The action of {@code external}: calls nothing and succeeds at once. Scaling down then only
     * marks the provider down (its scaler is expected to follow after its own cooldown); scaling up
     * holds requests, counted in {@code evalgate_provider_waiting}, until the provider's health
     * check answers, which is what lets an external scaler see the demand and wake it.
     */
    enum External implements ScaleAction {
        INSTANCE;

        @Override
        public CompletionStage<Void> execute(ScaleContext context) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public String describe() {
            return "external scaler (no call)";
        }
    }
}
