package dev.evalgate.gateway.server;

import dev.evalgate.cache.key.CacheKey;
import dev.evalgate.cache.key.Canonicalizer;
import dev.evalgate.cache.key.InvalidJsonException;
import dev.evalgate.cache.key.KeyInput;
import dev.evalgate.gateway.cache.CacheDecision;
import dev.evalgate.gateway.cache.EvalCache;
import dev.evalgate.gateway.http.Endpoint;
import dev.evalgate.gateway.route.ModelRouter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * How a request's cache key and store address are built. One place for {@link ApiCall} and the
 * pre-flight estimate ({@link SuiteEstimator}), so an estimate looks up exactly the entries the
 * real calls would read.
 */
final class CacheKeys {

    /** Request headers that select API behaviour, so they can change the answer. */
    static final String[] ANSWER_HEADERS = {"anthropic-version", "anthropic-beta", "openai-beta"};

    private CacheKeys() {}

    /**
     * The key of a request.
     *
     * @param canonical the canonical form of the upstream-bound body (model already rewritten)
     */
    static CacheKey of(
            CacheDecision decision,
            String tenant,
            ModelRouter.Target target,
            Endpoint endpoint,
            HttpHeaders headers,
            byte[] canonical) {
        return CacheKey.of(
                new KeyInput(
                        decision.namespace(),
                        tenant,
                        target.provider().name(),
                        target.upstreamModel(),
                        keyEndpoint(endpoint, headers),
                        decision.sample(),
                        canonical));
    }

    /**
     * The key of a request's semantic frame: like its cache key, over the frame's bytes (the
     * canonical body with the final user text taken out) and with the embedder's name in the
     * endpoint field, so vectors of different embedders never meet.
     *
     * @param keyEndpoint {@link #keyEndpoint} of the request
     */
    static String frameKey(
            CacheDecision decision,
            String tenant,
            ModelRouter.Target target,
            String keyEndpoint,
            String embedder,
            byte[] frame) {
        return CacheKey.of(
                        new KeyInput(
                                decision.namespace(),
                                tenant,
                                target.provider().name(),
                                target.upstreamModel(),
                                keyEndpoint + "|semantic=" + embedder,
                                decision.sample(),
                                frame))
                .hex();
    }

    /** The address of a request's entry in the stores. */
    static String storeKey(CacheDecision decision, ModelRouter.Target target, CacheKey key) {
        return EvalCache.storeKey(decision.namespace(), target.upstreamModel(), key);
    }

    /**
     * The key's endpoint field: the endpoint path, then each present {@link #ANSWER_HEADERS} value
     * ({@code /messages|anthropic-version=2023-06-01}), so a request sent with another API version
     * or beta flag never hits an answer recorded without it. A header sent more than once is
     * forwarded upstream with every value, so every value is in the key, joined with commas (the
     * list the repeated header means); a single value keys exactly as before.
     */
    static String keyEndpoint(Endpoint endpoint, HttpHeaders headers) {
        StringBuilder sb = null;
        for (String name : ANSWER_HEADERS) {
            List<String> values = headers.getAll(name);
            if (values.isEmpty()) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(endpoint.path());
            }
            sb.append('|').append(name).append('=');
            for (int i = 0; i < values.size(); i++) {
                sb.append(i > 0 ? "," : "").append(values.get(i).trim());
            }
        }
        return sb == null ? endpoint.path() : sb.toString();
    }

    /** One pass over the body's bytes (a heap buffer's array as is, else one copy). */
    static byte[] canonicalOf(ByteBuf body) throws InvalidJsonException {
        if (body.hasArray()) {
            return Canonicalizer.canonicalize(
                    body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes());
        }
        byte[] bytes = ByteBufUtil.getBytes(body);
        return Canonicalizer.canonicalize(bytes, 0, bytes.length);
    }
}
