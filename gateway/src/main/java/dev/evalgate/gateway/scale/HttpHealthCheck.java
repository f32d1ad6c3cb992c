package dev.evalgate.gateway.scale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A {@code GET} of a health or readiness URL through the JDK HTTP client, off the event loops: any
 * 2xx is healthy. Each probe waits at most its timeout, so a server that accepts connections but
 * never answers cannot hold the wake up.
 */
final class HttpHealthCheck implements HealthCheck {

    private final HttpClient client;
    private final HttpRequest request;

    HttpHealthCheck(HttpClient client, URI url, Duration timeout) {
        this.client = client;
        this.request =
                HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("accept", "application/json")
                        .GET()
                        .build();
    }

    @Override
    public CompletionStage<Boolean> check() {
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((r, e) -> e == null && r.statusCode() / 100 == 2);
    }
}
