package dev.evalgate.gateway.http;

import dev.evalgate.gateway.config.ProviderKind;
import io.netty.handler.codec.http.HttpMethod;

/** The API endpoints the gateway serves under {@code /v1}, with the protocol each speaks. */
public enum Endpoint {
    /** OpenAI chat completions. */
    CHAT_COMPLETIONS("/chat/completions", HttpMethod.POST, ProviderKind.OPENAI),
    /** OpenAI legacy completions. */
    COMPLETIONS("/completions", HttpMethod.POST, ProviderKind.OPENAI),
    /** OpenAI embeddings. */
    EMBEDDINGS("/embeddings", HttpMethod.POST, ProviderKind.OPENAI),
    /** Anthropic messages. */
    MESSAGES("/messages", HttpMethod.POST, ProviderKind.ANTHROPIC),
    /** The models and aliases the gateway serves (answered by the gateway itself). */
    MODELS("/models", HttpMethod.GET, ProviderKind.OPENAI);

    private final String path;
    private final HttpMethod method;
    private final ProviderKind protocol;

    Endpoint(String path, HttpMethod method, ProviderKind protocol) {
        this.path = path;
        this.method = method;
        this.protocol = protocol;
    }

    /** The path below {@code /v1}, e.g. {@code /chat/completions}. */
    public String path() {
        return path;
    }

    /** The one method this endpoint accepts. */
    public HttpMethod method() {
        return method;
    }

    /** The protocol of requests and answers on this endpoint. */
    public ProviderKind protocol() {
        return protocol;
    }

    /** The endpoint for a path below {@code /v1}, or null. */
    public static Endpoint forPath(String subPath) {
        for (Endpoint e : values()) {
            if (e.path.equals(subPath)) {
                return e;
            }
        }
        return null;
    }
}
