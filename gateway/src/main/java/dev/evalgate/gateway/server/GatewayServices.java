package dev.evalgate.gateway.server;

import dev.evalgate.gateway.auth.Authenticator;
import dev.evalgate.gateway.cache.CachePolicy;
import dev.evalgate.gateway.cache.EvalCache;
import dev.evalgate.gateway.config.GatewayConfig;
import dev.evalgate.gateway.meter.Metering;
import dev.evalgate.gateway.metrics.GatewayMetrics;
import dev.evalgate.gateway.proxy.UpstreamClient;
import dev.evalgate.gateway.resilience.CircuitBreaker;
import dev.evalgate.gateway.resilience.ConcurrencyLimiter;
import dev.evalgate.gateway.route.RouteTable;
import dev.evalgate.gateway.run.RunManifests;
import dev.evalgate.gateway.scale.ProviderPower;
import dev.evalgate.gateway.scale.ScaleToZero;
import dev.evalgate.gateway.shadow.ShadowRunner;

/**
 * What every connection's handler shares: immutable after start. {@code semantic} is null when no
 * route enables the semantic tier; {@code embeddings} is null when no route's tier embeds through
 * the gateway; {@code scaleToZero} is null when no provider has {@code scale_to_zero}.
 */
record GatewayServices(
        GatewayConfig config,
        RouteTable routes,
        Authenticator authenticator,
        UpstreamClient upstreams,
        Lifecycle lifecycle,
        byte[] modelsBody,
        EvalCache cache,
        CachePolicy cachePolicy,
        RunManifests manifests,
        GatewayMetrics metrics,
        CircuitBreakers breakers,
        java.util.Map<String, ConcurrencyLimiter> limiters,
        ShadowRunner shadows,
        Metering metering,
        SuiteEstimator estimator,
        dev.evalgate.gateway.cache.SemanticCache semantic,
        dev.evalgate.gateway.embed.GatewayEmbedder embeddings,
        ScaleToZero scaleToZero) {

    /** The concurrency limiter of a provider, or null when it has none. */
    ConcurrencyLimiter limiter(String provider) {
        return limiters.get(provider);
    }

    /** The scale-to-zero state machine of a provider, or null when it has none. */
    ProviderPower power(String provider) {
        return scaleToZero == null ? null : scaleToZero.of(provider);
    }

    /** The circuit breaker of a provider. */
    CircuitBreaker breaker(String provider) {
        return breakers.of(provider);
    }
}
