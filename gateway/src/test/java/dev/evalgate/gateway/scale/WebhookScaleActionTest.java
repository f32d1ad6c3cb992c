package dev.evalgate.gateway.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook's body template and what it shows of itself (the HTTP call is in ScaleToZeroIT). */
class WebhookScaleActionTest {

    @Test
    void fillsEveryPlaceholderEveryTimeItAppears() {
        String body =
                WebhookScaleAction.body(
                        "{{provider}}/{{direction}}/{{replicas}}/{{reason}}/{{idle_seconds}}/"
                                + "{{provider}}",
                        new ScaleContext("gpu", ScaleContext.Direction.DOWN, 0, "idle", 901));

        assertThat(body).isEqualTo("gpu/down/0/idle/901/gpu");
    }

    @Test
    void describesItselfWithoutHeadersOrQuery() {
        WebhookScaleAction action =
                new WebhookScaleAction(
                        HttpClient.newHttpClient(),
                        new WebhookActionConfig(
                                "PUT",
                                URI.create("https://hooks.example:8443/scale/up?token=s3cret"),
                                Map.of("Authorization", "Bearer s3cret"),
                                null,
                                Duration.ofSeconds(5)));

        assertThat(action.describe())
                .isEqualTo("webhook PUT https://hooks.example:8443/scale/up")
                .doesNotContain("s3cret");
    }
}
