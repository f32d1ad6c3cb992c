package dev.evalgate.gateway.scale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A {@code GET} of a health or readiness URL through the JDK HTTP client, off the event loops: any
 * 2xx is healthy. Each probe waits at most its timeout, so a server that accepts connections but
 * never answers cannot hold the wake up. Headers the JDK client sets itself are skipped.
 */
final class HttpHealthCheck implements HealthCheck {

    private final HttpClient client;
    private final HttpRequest request;

    private static final Set<String> RESTRICTED =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    HttpHealthCheck(HttpClient client, URI url, Duration timeout, Map<String, String> headers) {
        this.client = client;
        HttpRequest.Builder b =
                HttpRequest.newBuilder(url).timeout(timeout).header("accept", "application/json");
        headers.forEach(
                (name, value) -> {
                    if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                        b.header(name, value);
                    }
                });
        this.request = b.GET().build();
    }

    @Override
    public CompletionStage<Boolean> check() {
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((r, e) -> e == null && r.statusCode() / 100 == 2);
    }
}
