package dev.evalgate.gateway.proxy;

import dev.evalgate.gateway.http.GatewayHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1, plus those a {@code
 * Connection} header names) never do. Upstream, the gateway also drops what it sets itself (host,
 * length, credentials, encoding) and its own {@code x-eval-*} headers; every other header — {@code
 * OpenAI-Organization}, {@code OpenAI-Project}, {@code anthropic-version}, {@code anthropic-beta},
 * and any new one a provider adds — passes as the client set it.
 */
final class HeaderPolicy {

    private static final Set<String> HOP_BY_HOP =
            Set.of(
                    "connection",
                    "keep-alive",
                    "proxy-connection",
                    "proxy-authenticate",
                    "proxy-authorization",
                    "te",
                    "trailer",
                    "transfer-encoding",
                    "upgrade");

    /** Set by the gateway itself on the upstream request, or never to be forwarded. */
    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "content-length", "accept-encoding", "expect", "cookie", "forwarded");

    /** Credential headers: replaced by the provider's key unless passing the client's through. */
    static final Set<String> CREDENTIALS = Set.of("authorization", "x-api-key", "api-key");

    private HeaderPolicy() {}

    /**
     * Copies the client's request headers that may go upstream into {@code out}.
     *
     * @param passCredentials true in passthrough mode: the client's own credential goes upstream
     */
    static void copyRequestHeaders(HttpHeaders in, HttpHeaders out, boolean passCredentials) {
        Set<String> named = connectionTokens(in);
        for (Map.Entry<String, String> h : in) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name)
                    || NOT_FORWARDED.contains(name)
                    || named.contains(name)
                    || name.startsWith(GatewayHeaders.EVAL_PREFIX)
                    || (!passCredentials && CREDENTIALS.contains(name))) {
                continue;
            }
            out.add(h.getKey(), h.getValue());
        }
    }

    /** Copies the upstream's response headers that may reach the client into {@code out}. */
    static void copyResponseHeaders(HttpHeaders in, HttpHeaders out) {
        Set<String> named = connectionTokens(in);
        for (Map.Entry<String, String> h : in) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || named.contains(name)) {
                continue;
            }
            out.add(h.getKey(), h.getValue());
        }
    }

    private static Set<String> connectionTokens(HttpHeaders headers) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection == null || connection.indexOf(',') < 0 && isStandardToken(connection)) {
            return Set.of();
        }
        Set<String> tokens = new java.util.HashSet<>();
        for (String t : connection.split(",")) {
            tokens.add(t.trim().toLowerCase(Locale.ROOT));
        }
        return tokens;
    }

    private static boolean isStandardToken(String connection) {
        return connection.equalsIgnoreCase("keep-alive") || connection.equalsIgnoreCase("close");
    }
}
