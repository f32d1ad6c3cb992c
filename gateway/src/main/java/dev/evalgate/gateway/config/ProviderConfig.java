package dev.evalgate.gateway.config;

import dev.evalgate.gateway.scale.ScaleToZeroConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One upstream provider.
 *
 * @param name the provider's key in {@code providers:}
 * @param kind wire protocol
 * @param baseUrl absolute http(s) URL the endpoint path is appended to, e.g. {@code
 *     https://api.openai.com/v1}; its path never ends with {@code /}
 * @param apiKey upstream key, or null (passthrough clients bring their own). Never logged.
 * @param authHeader header carrying the key: {@code authorization} (sent as {@code Bearer <key>}),
 *     {@code x-api-key} or {@code api-key} (Azure)
 * @param models model names or globs ({@code gpt-4o*}) this provider serves
 * @param headers extra headers sent on every upstream request
 * @param query extra query parameters appended to every upstream URL (Azure's {@code api-version})
 * @param connectTimeout TCP + TLS connect timeout (default 5 s)
 * @param firstByteTimeout from request sent to response headers (default 120 s)
 * @param idleTimeout longest silence inside a response body or stream (default 60 s)
 * @param maxConnections pooled connections per event loop (default 256)
 * @param maxConcurrency requests in flight to this provider at once, per gateway; 0: unlimited.
 *     Requests beyond it wait in a FIFO queue instead of hitting the provider's rate limit
 * @param maxQueue requests that may wait for {@code maxConcurrency}; beyond it, 503 with {@code
 *     retry-after}
 * @param priceAs the catalog provider whose prices apply to this provider's models when the
 *     provider's own name has none; null for the provider kind's ({@code openai}, {@code
 *     anthropic})
 * @param scaleToZero when and how the provider's model server is scaled to zero and woken, or null
 *     when it is not
 */
public record ProviderConfig(
        String name,
        ProviderKind kind,
        URI baseUrl,
        String apiKey,
        String authHeader,
        List<String> models,
        Map<String, String> headers,
        Map<String, String> query,
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout,
        int maxConnections,
        int maxConcurrency,
        int maxQueue,
        String priceAs,
        ScaleToZeroConfig scaleToZero) {

    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Default first-byte timeout: generations can take long before their first byte. */
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofSeconds(120);

    /** Default idle timeout within a response. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** Default bound of the wait queue when {@code max_concurrency} is set. */
    public static final int DEFAULT_MAX_QUEUE = 10_000;

    /** Default pool size per event loop. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;

    /** Creates the provider; collections are copied. */
    public ProviderConfig {
        models = List.copyOf(models);
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    /** True when this provider declares {@code model} by name or glob. */
    public boolean serves(String model) {
        for (String pattern : models) {
            if (ModelPattern.matches(pattern, model)) {
                return true;
            }
        }
        return false;
    }

    /** True when the base URL is https. */
    public boolean tls() {
        return "https".equalsIgnoreCase(baseUrl.getScheme());
    }

    /** The port to connect to, defaulting by scheme. */
    public int port() {
        if (baseUrl.getPort() > 0) {
            return baseUrl.getPort();
        }
        return tls() ? 443 : 80;
    }

    /** Masks the key so a logged or printed provider never shows it. */
    @Override
    public String toString() {
        return "ProviderConfig[name="
                + name
                + ", kind="
                + kind.configName()
                + ", baseUrl="
                + baseUrl
                + ", apiKey="
                + (apiKey == null ? "none" : "****")
                + ", models="
                + models
                + "]";
    }
}
