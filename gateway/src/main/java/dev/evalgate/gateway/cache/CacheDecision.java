package dev.evalgate.gateway.cache;

import dev.evalgate.cache.CacheMode;
import java.time.Duration;

/**
 * How one request uses the cache.
 *
 * @param mode read and/or write
 * @param namespace config namespace, plus {@code /} and the request's {@code
 *     X-Eval-Cache-Namespace} if any
 * @param ttl how long a fresh answer is kept
 * @param sample the {@code X-Eval-Sample} index, or -1
 * @param source what chose the mode: {@code header}, {@code cache-control}, {@code pipeline},
 *     {@code config}
 */
public record CacheDecision(
        CacheMode mode, String namespace, Duration ttl, int sample, String source) {}
