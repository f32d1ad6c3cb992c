package dev.evalgate.gateway.metrics;

/**
 * Every meter the gateway registers, in Micrometer's dot form. The Prometheus registry adds the
 * {@code _total}, {@code _seconds} and unit suffixes ({@code evalgate.requests} → {@code
 * evalgate_requests_total}).
 */
public final class MeterNames {

    private MeterNames() {}

    /** API requests answered, by endpoint, status class and cache outcome. */
    public static final String REQUESTS = "evalgate.requests";

    /** End-to-end latency of API requests, by endpoint and cache outcome. */
    public static final String REQUEST_DURATION = "evalgate.request.duration";

    /** Cache misses by reason (new, refresh, mode-off, store-timeout, …). */
    public static final String CACHE_MISSES = "evalgate.cache.misses";

    /** Cache lookups that failed and went upstream instead (fail-open), by reason. */
    public static final String CACHE_FAIL_OPEN = "evalgate.cache.fail.open";

    /** Answers written to the cache, by result (ok, error). */
    public static final String CACHE_WRITES = "evalgate.cache.writes";

    /** Identical requests in flight right now. */
    public static final String CACHE_IN_FLIGHT = "evalgate.cache.inflight";

    /** Upstream attempts given up and retried, by provider and reason. */
    public static final String UPSTREAM_RETRIES = "evalgate.upstream.retries";

    /** Circuit state per provider: 0 closed, 1 half-open, 2 open. */
    public static final String CIRCUIT_STATE = "evalgate.upstream.circuit.state";

    /** Requests being sent to a provider now (under its concurrency limit). */
    public static final String UPSTREAM_IN_FLIGHT = "evalgate.upstream.inflight";

    /** Requests waiting for a provider's concurrency limit. */
    public static final String UPSTREAM_QUEUED = "evalgate.upstream.queued";

    /** Time requests waited for a provider's concurrency limit. */
    public static final String UPSTREAM_QUEUE_WAIT = "evalgate.upstream.queue.wait";

    /** Requests in flight at the gateway right now. */
    public static final String IN_FLIGHT = "evalgate.inflight";

    /** Shadow comparisons of a route's answers, by route and result (agree, disagree, error). */
    public static final String SHADOW_COMPARISONS = "evalgate.shadow.comparisons";
}
