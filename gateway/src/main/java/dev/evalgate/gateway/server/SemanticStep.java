package dev.evalgate.gateway.server;

import dev.evalgate.cache.sse.StreamFormat;
import dev.evalgate.gateway.cache.AsyncEmbedder;
import dev.evalgate.gateway.cache.CacheDecision;
import dev.evalgate.gateway.cache.SemanticCache;
import dev.evalgate.gateway.config.RouteConfig;
import dev.evalgate.gateway.context.RequestContext;
import dev.evalgate.gateway.embed.EmbeddingCaller;
import dev.evalgate.gateway.http.Endpoint;
import dev.evalgate.gateway.http.GatewayHeaders;
import dev.evalgate.gateway.route.ModelRouter;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The semantic tier's part of one {@link ApiCall}: the probe after an exact miss, and adding the
 * request's vector once its answer is stored. Everything it hands to the tier's workers is captured
 * on the event loop first (strings and arrays, never the call's mutable state).
 */
final class SemanticStep {

    private final SemanticCache tier;
    private final RouteConfig.Semantic settings;
    private final StreamFormat format;
    private final Function<byte[], String> frameKeys;
    private final AsyncEmbedder embedder;
    private boolean probed;

    private SemanticStep(
            SemanticCache tier,
            RouteConfig.Semantic settings,
            StreamFormat format,
            Function<byte[], String> frameKeys,
            AsyncEmbedder embedder) {
        this.tier = tier;
        this.settings = settings;
        this.format = format;
        this.frameKeys = frameKeys;
        this.embedder = embedder;
    }

    /**
     * The step for a request, or null when it may not use the tier: its route has none, or it opted
     * out with {@code X-Eval-Cache-Semantic: off}.
     */
    static SemanticStep of(
            GatewayServices services,
            RouteConfig.Semantic settings,
            StreamFormat format,
            CacheDecision decision,
            RequestContext context,
            ModelRouter.Target target,
            Endpoint endpoint,
            HttpHeaders clientHeaders) {
        SemanticCache tier = services.semantic();
        if (settings == null
                || tier == null
                || "off".equalsIgnoreCase(clientHeaders.get(GatewayHeaders.EVAL_CACHE_SEMANTIC))) {
            return null;
        }
        String keyEndpoint = CacheKeys.keyEndpoint(endpoint, clientHeaders);
        String tenant = context.tenant();
        String name = settings.embedder();
        Function<byte[], String> frameKeys =
                frame -> CacheKeys.frameKey(decision, tenant, target, keyEndpoint, name, frame);
        // The route's embedder: the tier's in-process default, or its {model: M} through this
        // gateway, billed to this request's run, pipeline and tenant.
        String model = settings.gatewayModel();
        AsyncEmbedder embedder =
                model == null
                        ? tier.defaultEmbedder()
                        : services.embeddings()
                                .forCaller(model, EmbeddingCaller.of(context, clientHeaders));
        return new SemanticStep(tier, settings, format, frameKeys, embedder);
    }

    /** Looks for an earlier answer of the request's frame; completes with null when none. */
    CompletionStage<SemanticCache.Probe> probe(byte[] canonical) {
        probed = true;
        return tier.probe(format, canonical, frameKeys, settings, embedder, true);
    }

    /**
     * Once {@code written} says the answer is stored at {@code storeKey}, adds the request's vector
     * to its frame: {@code probe}'s if the request was probed, embedded afresh if it never was (a
     * refresh). A probe that came back empty (ineligible, skipped while the workers were busy, or
     * failed) is not tried again for the index: that would double the work exactly when the tier is
     * saturated.
     */
    void index(
            SemanticCache.Probe probe,
            byte[] canonical,
            String storeKey,
            Duration ttl,
            CompletionStage<Boolean> written) {
        if (probe == null && probed) {
            return;
        }
        written.thenAccept(
                ok -> {
                    if (!Boolean.TRUE.equals(ok)) {
                        return;
                    }
                    if (probe != null) {
                        tier.remember(probe, storeKey, ttl);
                    } else {
                        tier.index(format, canonical, frameKeys, settings, embedder, storeKey, ttl);
                    }
                });
    }
}
