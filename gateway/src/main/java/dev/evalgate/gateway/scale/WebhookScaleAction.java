package dev.evalgate.gateway.scale;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Calls a webhook through the JDK HTTP client, off the event loops. Any 2xx answer means the
 * automation accepted the change; anything else, or no answer within the timeout, fails the stage.
 * Header values are sent but never logged or put into an exception message.
 */
final class WebhookScaleAction implements ScaleAction {

    private final HttpClient client;
    private final WebhookActionConfig config;

    WebhookScaleAction(HttpClient client, WebhookActionConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public CompletionStage<Void> execute(ScaleContext context) {
        HttpRequest.Builder b = HttpRequest.newBuilder(config.url()).timeout(config.timeout());
        boolean contentType = false;
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            b.header(h.getKey(), h.getValue());
            contentType |= h.getKey().equalsIgnoreCase("content-type");
        }
        if (config.body() == null) {
            b.method(config.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            if (!contentType) {
                b.header("content-type", "application/json");
            }
            b.method(
                    config.method(),
                    HttpRequest.BodyPublishers.ofString(body(config.body(), context)));
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(
                        r -> {
                            if (r.statusCode() / 100 != 2) {
                                throw new IllegalStateException("answered " + r.statusCode());
                            }
                            return null;
                        });
    }

    /** The body template with the context's values in place of its placeholders. */
    static String body(String template, ScaleContext c) {
        return template.replace("{{provider}}", c.provider())
                .replace("{{direction}}", c.direction().label())
                .replace("{{replicas}}", Integer.toString(c.replicas()))
                .replace("{{reason}}", c.reason())
                .replace("{{idle_seconds}}", Long.toString(c.idleSeconds()));
    }

    @Override
    public String describe() {
        return config.describe();
    }
}
