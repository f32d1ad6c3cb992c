package dev.evalgate.gateway.shadow;

import dev.evalgate.gateway.config.RouteConfig;
import java.util.List;
import java.util.Map;

/**
 * A client request chosen to be shadowed: what is needed to send it again to the shadow tier.
 *
 * @param route the route that chose it
 * @param shadow the route's shadow
 * @param uri the client's request URI (with its {@code /run/<id>/} prefix, if any)
 * @param headers the client headers sent again ({@link #COPIED_HEADERS}), in order
 * @param body the client's request body, unchanged; not copied, nobody may modify it
 */
public record ShadowRequest(
        String route,
        RouteConfig.Shadow shadow,
        String uri,
        List<Map.Entry<String, String>> headers,
        byte[] body) {

    /**
     * Client headers a shadow call carries: credentials, the headers that select API behaviour, and
     * the run, pipeline and check labels, so the call is keyed and attributed like the client's.
     */
    public static final List<String> COPIED_HEADERS =
            List.of(
                    "authorization",
                    "x-api-key",
                    "api-key",
                    "content-type",
                    "anthropic-version",
                    "anthropic-beta",
                    "openai-beta",
                    "x-eval-run",
                    "x-eval-pipeline",
                    "x-eval-check");

    /** Copies the header list. */
    public ShadowRequest {
        headers = List.copyOf(headers);
    }
}
