package dev.evalgate.gateway.metrics;

/**
 * Every meter the gateway registers, in Micrometer's dot form. The Prometheus registry adds the
 * {@code _total}, {@code _seconds} and unit suffixes ({@code evalgate.requests} → {@code
 * evalgate_requests_total}).
 */
public final class MeterNames {

    private MeterNames() {}

    /**
     * API requests answered, by endpoint, status class, cache outcome, route (a configured route's
     * name or {@code direct}) and tier (a configured tier or {@code none}).
     */
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

    /**
     * Upstream attempts, retried ones included, from acquiring a connection to the answer's last
     * byte (or the failure), by provider and outcome (ok, error, cancelled); {@code
     * evalgate_upstream_duration_seconds}.
     */
    public static final String UPSTREAM_DURATION = "evalgate.upstream.duration";

    /**
     * Upstream attempts from acquiring a connection to the answer's head, by provider; {@code
     * evalgate_upstream_first_byte_seconds}.
     */
    public static final String UPSTREAM_FIRST_BYTE = "evalgate.upstream.first.byte";

    /**
     * Failed upstream attempts, retried ones included, by provider and reason (status_429,
     * status_5xx, timeout, connect, reset, truncated, untranslatable, invalid_answer).
     */
    public static final String UPSTREAM_ERRORS = "evalgate.upstream.errors";

    /** Circuit state per provider: 0 closed, 1 half-open, 2 open. */
    public static final String CIRCUIT_STATE = "evalgate.upstream.circuit.state";

    /** Requests being sent to a provider now (under its concurrency limit). */
    public static final String UPSTREAM_IN_FLIGHT = "evalgate.upstream.inflight";

    /** Requests waiting for a provider's concurrency limit. */
    public static final String UPSTREAM_QUEUED = "evalgate.upstream.queued";

    /** Time requests waited for a provider's concurrency limit. */
    public static final String UPSTREAM_QUEUE_WAIT = "evalgate.upstream.queue.wait";

    /** Semantic tier probes by outcome: hit, miss, ineligible, busy, error. */
    public static final String SEMANTIC_LOOKUPS = "evalgate.cache.semantic.lookups";

    /** Time from a semantic probe's submission to its result (queue, split, embed, scan). */
    public static final String SEMANTIC_PROBE_DURATION = "evalgate.cache.semantic.probe.duration";

    /** Vectors the semantic tier holds in process. */
    public static final String SEMANTIC_ENTRIES = "evalgate.cache.semantic.entries";

    /** Semantic probes waiting for a worker. */
    public static final String SEMANTIC_QUEUED = "evalgate.cache.semantic.queued";

    /** Answers in the in-process L1 cache tier; {@code evalgate_cache_l1_entries}. */
    public static final String CACHE_L1_ENTRIES = "evalgate.cache.l1.entries";

    /**
     * Bytes the L1 tier holds, by the weigher its {@code l1_max_bytes} bound counts; base unit
     * bytes, so {@code evalgate_cache_l1_bytes}.
     */
    public static final String CACHE_L1_BYTES = "evalgate.cache.l1";

    /**
     * Tasks queued on the gateway's event loops; {@code evalgate_netty_eventloop_pending_tasks}.
     */
    public static final String NETTY_PENDING_TASKS = "evalgate.netty.eventloop.pending.tasks";

    /**
     * Direct memory held by Netty's default buffer allocator; {@code
     * evalgate_netty_direct_memory_used_bytes}.
     */
    public static final String NETTY_DIRECT_MEMORY = "evalgate.netty.direct.memory.used";

    /** Requests in flight at the gateway right now. */
    public static final String IN_FLIGHT = "evalgate.inflight";

    /** Shadow comparisons of a route's answers, by route and result (agree, disagree, error). */
    public static final String SHADOW_COMPARISONS = "evalgate.shadow.comparisons";

    /**
     * What calls cost, by provider, model, traffic and pipeline; base unit usd, so {@code
     * evalgate_spend_usd_total}. Exact to the micro-dollar.
     */
    public static final String SPEND = "evalgate.spend";

    /**
     * What cache hits and coalesced requests saved, by provider, model, traffic and pipeline;
     * {@code evalgate_saved_usd_total}.
     */
    public static final String SAVED = "evalgate.saved";

    /**
     * Tokens served, by provider, model, kind (input, cached_input, output, cache_write,
     * cache_read), traffic and billed (true: the provider billed them; false: served from cache).
     */
    public static final String TOKENS = "evalgate.tokens";

    /** Calls priced, by provider, traffic and usage source (reported, estimated, none). */
    public static final String CALLS_PRICED = "evalgate.calls.priced";

    /** Calls to a model the price catalog does not know (priced at zero), by provider. */
    public static final String UNKNOWN_MODEL_CALLS = "evalgate.unknown.model.calls";

    /**
     * Budgets that would have been exceeded, by action taken (reject, downgrade, warn) and scope
     * (run, daily).
     */
    public static final String BUDGET_ACTIONS = "evalgate.budget.actions";

    /** Ledger and budget store failures passed over (fail-open), by operation. */
    public static final String METERING_FAILURES = "evalgate.metering.failures";

    /** Testing-to-Inference ratio, eval ÷ (eval + production) spend, as a fraction 0..1. */
    public static final String TESTING_RATIO = "evalgate.testing.ratio";

    /** The ratio's band: 0 healthy, 1 elevated, 2 warning, 3 critical. */
    public static final String TESTING_RATIO_BAND = "evalgate.testing.ratio.band";

    /** Eval spend over the ratio's window; {@code evalgate_eval_spend_window_usd}. */
    public static final String EVAL_SPEND_WINDOW = "evalgate.eval.spend.window";

    /** Production spend over the ratio's window; {@code evalgate_production_spend_window_usd}. */
    public static final String PRODUCTION_SPEND_WINDOW = "evalgate.production.spend.window";

    /** A provider's power state: 0 up, 1 scaling down, 2 down, 3 waking (scale to zero). */
    public static final String PROVIDER_POWER_STATE = "evalgate.provider.power.state";

    /** Seconds since a provider's last request finished; 0 while one is in flight. */
    public static final String PROVIDER_IDLE = "evalgate.provider.idle";

    /** Scale actions run, by provider, direction (up, down) and result (ok, error). */
    public static final String PROVIDER_SCALE_EVENTS = "evalgate.provider.scale.events";

    /** From a wake's scale-up call to the provider's first healthy answer. */
    public static final String PROVIDER_WAKE_DURATION = "evalgate.provider.wake.duration";

    /** Hourly cost of a provider while it was up and idle (money wasted), USD. */
    public static final String PROVIDER_IDLE_COST = "evalgate.provider.idle.cost";

    /** Hourly cost of a provider while it was scaled down (money recovered), USD. */
    public static final String PROVIDER_DOWN_SAVED = "evalgate.provider.down.saved";

    /** Requests in flight to a provider (for KEDA's Prometheus scaler). */
    public static final String PROVIDER_IN_FLIGHT = "evalgate.provider.inflight";

    /** Requests waiting for a provider to wake (for KEDA's Prometheus scaler). */
    public static final String PROVIDER_WAITING = "evalgate.provider.waiting";
}
