package dev.evalgate.gateway.scale;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scale action that calls an HTTP endpoint: any automation that can take a webhook.
 *
 * @param method the HTTP method, upper case ({@code POST} by default)
 * @param url the absolute http(s) URL called
 * @param headers headers sent with the call; values may hold secrets and are never logged
 * @param body the body template, or null to send none; {@code {{provider}}}, {@code {{direction}}},
 *     {@code {{replicas}}}, {@code {{reason}}} and {@code {{idle_seconds}}} are replaced by the
 *     {@link ScaleContext}'s values
 * @param timeout how long the call may take before it counts as failed
 */
public record WebhookActionConfig(
        String method, URI url, Map<String, String> headers, String body, Duration timeout) {

    /** Default method. */
    public static final String DEFAULT_METHOD = "POST";

    /** Default timeout of one call. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Creates the action's config; headers are copied in order. */
    public WebhookActionConfig {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Method and URL without its query (which may hold a token): safe to log. */
    public String describe() {
        String port = url.getPort() > 0 ? ":" + url.getPort() : "";
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return "webhook " + method + " " + url.getScheme() + "://" + url.getHost() + port + path;
    }

    /** Never shows header values or the query. */
    @Override
    public String toString() {
        return "WebhookActionConfig[" + describe() + ", headers=" + headers.keySet() + "]";
    }
}
