package dev.evalgate.gateway.config;

import dev.evalgate.cache.CacheMode;
import dev.evalgate.cache.store.AnswerCodec;
import java.time.Duration;
import java.util.Map;

/**
 * The eval cache.
 *
 * @param enabled false: every request bypasses the cache
 * @param namespace the default cache namespace (part of every key)
 * @param mode the default mode
 * @param ttl how long an answer is kept unless {@code X-Eval-Cache-TTL} says otherwise
 * @param minTtl shortest TTL a request may ask for
 * @param maxTtl longest TTL a request may ask for
 * @param l1MaxBytes in-process cache size; 0 disables it
 * @param maxEntryBytes the largest answer body stored; a larger answer is relayed but not cached
 * @param lookupTimeout longest wait for Redis on a lookup before going upstream (fail-open)
 * @param redis the shared store, or null for the in-process cache alone
 * @param pipelineModes mode per pipeline name or glob, first match wins
 * @param semantic the semantic tier's shared resources (used only by routes that enable it)
 */
public record CacheConfig(
        boolean enabled,
        String namespace,
        CacheMode mode,
        Duration ttl,
        Duration minTtl,
        Duration maxTtl,
        long l1MaxBytes,
        long maxEntryBytes,
        Duration lookupTimeout,
        RedisConfig redis,
        Map<String, CacheMode> pipelineModes,
        SemanticConfig semantic) {

    /** Default TTL: 30 days. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(30);

    /** Creates the config; the map keeps its order. */
    public CacheConfig {
        pipelineModes =
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pipelineModes));
    }

    /**
     * The largest answer body stored when none is configured, and the most it may be: 64 MiB, the
     * largest body a stored entry is ever read back with.
     */
    public static final long DEFAULT_MAX_ENTRY_BYTES = AnswerCodec.MAX_INFLATED_BYTES;

    /** The L1 size when none is configured, at most: 256 MiB. */
    public static final long DEFAULT_L1_MAX_BYTES = 256L << 20;

    /**
     * The L1 size when none is configured: {@link #DEFAULT_L1_MAX_BYTES}, or a quarter of the JVM's
     * heap when that is smaller, so the default never fills a small heap.
     */
    public static long defaultL1Bytes() {
        return Math.min(DEFAULT_L1_MAX_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * The defaults: enabled, namespace {@code default}, record, 30 days, an L1 of {@link
     * #defaultL1Bytes()}, entries up to {@link #DEFAULT_MAX_ENTRY_BYTES}, no Redis.
     */
    public static CacheConfig defaults() {
        return new CacheConfig(
                true,
                "default",
                CacheMode.RECORD,
                DEFAULT_TTL,
                Duration.ofMinutes(1),
                Duration.ofDays(365),
                defaultL1Bytes(),
                DEFAULT_MAX_ENTRY_BYTES,
                Duration.ofMillis(50),
                null,
                Map.of(),
                SemanticConfig.defaults());
    }

    /** The mode for a pipeline: the first matching {@code pipelines} entry, else the default. */
    public CacheMode modeFor(String pipeline) {
        if (pipeline != null) {
            for (Map.Entry<String, CacheMode> e : pipelineModes.entrySet()) {
                if (ModelPattern.matches(e.getKey(), pipeline)) {
                    return e.getValue();
                }
            }
        }
        return mode;
    }

    /**
     * The shared Redis store.
     *
     * @param url {@code redis://}, {@code rediss://} or {@code redis-sentinel://} URL (may hold a
     *     password: never logged)
     * @param cluster true for a Redis Cluster (the URL names one seed node)
     */
    public record RedisConfig(String url, boolean cluster) {
        /** Masks the URL, which may carry a password. */
        @Override
        public String toString() {
            return "RedisConfig[url=****, cluster=" + cluster + "]";
        }
    }
}
