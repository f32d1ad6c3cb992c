package dev.evalgate.gateway.sim;

import io.netty.handler.codec.http.HttpMethod;

/** The paths the simulator serves. API paths also match behind any prefix before {@code /v1}. */
enum Endpoint {
    CHAT("/v1/chat/completions", HttpMethod.POST, Protocol.OPENAI),
    COMPLETIONS("/v1/completions", HttpMethod.POST, Protocol.OPENAI),
    EMBEDDINGS("/v1/embeddings", HttpMethod.POST, Protocol.OPENAI),
    MODELS("/v1/models", HttpMethod.GET, Protocol.OPENAI),
    MESSAGES("/v1/messages", HttpMethod.POST, Protocol.ANTHROPIC),
    HEALTH("/healthz", HttpMethod.GET, Protocol.CONTROL),
    STATS("/sim/stats", HttpMethod.GET, Protocol.CONTROL),
    SET_HEALTH("/sim/health", HttpMethod.POST, Protocol.CONTROL),
    RESET("/sim/reset", HttpMethod.POST, Protocol.CONTROL);

    private final String path;
    private final HttpMethod method;
    private final Protocol protocol;

    Endpoint(String path, HttpMethod method, Protocol protocol) {
        this.path = path;
        this.method = method;
        this.protocol = protocol;
    }

    String path() {
        return path;
    }

    HttpMethod method() {
        return method;
    }

    Protocol protocol() {
        return protocol;
    }

    /** The endpoint serving {@code path} (no query string), or {@code null}. */
    static Endpoint resolve(String path) {
        String normalized = normalize(path);
        for (Endpoint endpoint : values()) {
            if (endpoint.path.equals(normalized)) {
                return endpoint;
            }
        }
        return null;
    }

    /** {@code path} from its {@code /v1/} on, without a trailing slash: the counting key. */
    static String normalize(String path) {
        String trimmed =
                path.length() > 1 && path.endsWith("/")
                        ? path.substring(0, path.length() - 1)
                        : path;
        int v1 = trimmed.indexOf("/v1/");
        return v1 > 0 ? trimmed.substring(v1) : trimmed;
    }

    /** The protocol whose error shape suits an unknown {@code path}. */
    static Protocol protocolOf(String path) {
        return normalize(path).startsWith("/v1/messages") ? Protocol.ANTHROPIC : Protocol.OPENAI;
    }
}
