package dev.evalgate.gateway.config;

import java.time.Duration;

/**
 * The semantic tier's shared resources ({@code cache.semantic}); whether a route uses the tier, and
 * how, is the route's {@link RouteConfig.Semantic}.
 *
 * @param workers threads that embed and search, off the event loops
 * @param queue semantic lookups waiting for a worker; beyond it a lookup is skipped (the request
 *     goes on as an exact miss)
 * @param maxBytes the in-process vector index's size bound, whole frames evicted
 * @param maxEntriesPerFrame answered requests kept per frame, the oldest dropped first
 * @param refresh how old a replica's copy of a frame may get before it reads what other replicas
 *     added (with Redis only)
 * @param maxWait longest a probe waits for a worker; past it the probe is skipped (the request goes
 *     on as an exact miss), so a saturated tier adds at most this to a miss
 */
public record SemanticConfig(
        int workers,
        int queue,
        long maxBytes,
        int maxEntriesPerFrame,
        Duration refresh,
        Duration maxWait) {

    /** The defaults: half the cores (at least one), 256 waiting, 64 MiB, 20,000, 2 s, 500 ms. */
    public static SemanticConfig defaults() {
        return new SemanticConfig(
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                256,
                64L << 20,
                20_000,
                Duration.ofSeconds(2),
                Duration.ofMillis(500));
    }
}
