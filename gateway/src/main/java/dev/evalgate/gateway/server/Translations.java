package dev.evalgate.gateway.server;

import dev.evalgate.gateway.config.ProviderKind;
import dev.evalgate.gateway.http.Endpoint;
import dev.evalgate.gateway.translate.Translation;
import io.netty.handler.codec.http.FullHttpRequest;

/** Where a cross-protocol request goes and what the upstream protocol needs on it. */
final class Translations {

    /** Sent to Anthropic when the client (speaking OpenAI) sent no {@code anthropic-version}. */
    static final String ANTHROPIC_VERSION = "2023-06-01";

    private Translations() {}

    /** True when requests of this endpoint can be translated to the other protocol. */
    static boolean translatable(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.MESSAGES;
    }

    /** The endpoint the upstream serves the request on. */
    static Endpoint upstreamEndpoint(Endpoint client, Translation translation) {
        if (translation == null) {
            return client;
        }
        return translation.upstream() == ProviderKind.ANTHROPIC
                ? Endpoint.MESSAGES
                : Endpoint.CHAT_COMPLETIONS;
    }

    /** Adds what the upstream protocol requires and the client could not know to send. */
    static FullHttpRequest upstreamRequest(FullHttpRequest request, Translation translation) {
        if (translation != null
                && translation.upstream() == ProviderKind.ANTHROPIC
                && !request.headers().contains("anthropic-version")) {
            request.headers().set("anthropic-version", ANTHROPIC_VERSION);
        }
        return request;
    }
}
