package dev.evalgate.gateway.metrics;

import dev.evalgate.pricing.ratio.TestingRatio;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus registry and the few calls the request path makes on it. Label values
 * come from closed sets only (endpoint, status class, cache outcome, reason, provider, traffic);
 * the two open ones, pipeline and model, are folded into {@code other} past a cap. Never a run id,
 * a key or a prompt. Meters are looked up once per label combination and kept.
 */
public final class GatewayMetrics implements AutoCloseable {

    /** Most distinct values a label may take before further ones are dropped. */
    static final int MAX_TAG_VALUES = 64;

    /** Distinct pipelines labelled by name by default; later ones are labelled {@code other}. */
    public static final int DEFAULT_MAX_PIPELINES = 50;

    /**
     * Distinct models labelled by name; later ones are labelled {@code other}. A safety net: the
     * caller already passes {@code other} for models outside the price catalog.
     */
    static final int MAX_MODELS = 200;

    private static final List<String> BUDGET_ACTIONS = List.of("reject", "downgrade", "warn");
    private static final List<String> BUDGET_SCOPES = List.of("run", "daily");
    private static final List<String> SHADOW_RESULTS = List.of("agree", "disagree", "error");
    private static final List<String> METERING_OPERATIONS =
            List.of("record", "reserve", "reconcile", "ratio");
    private static final String METERING_FAILURES_HELP =
            "Ledger and budget store failures passed over (fail-open), by operation";

    /** State of meters that would otherwise hold it only weakly. */
    private final java.util.List<Object> strongly =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final SpendMeters spend;
    private final UpstreamMeters upstream;

    /** A registry with JVM and process meters bound, labelling up to 50 pipelines by name. */
    public GatewayMetrics() {
        this(DEFAULT_MAX_PIPELINES);
    }

    /**
     * A registry with JVM and process meters bound.
     *
     * @param maxPipelines how many distinct {@code X-Eval-Pipeline} values are labelled by name;
     *     later ones are labelled {@code other}, a missing one {@code none}
     */
    public GatewayMetrics(int maxPipelines) {
        if (maxPipelines < 0) {
            throw new IllegalArgumentException(
                    "maxPipelines: " + maxPipelines + " (expected: >= 0)");
        }
        BoundedLabel pipelines = new BoundedLabel(maxPipelines, "none");
        BoundedLabel models = new BoundedLabel(MAX_MODELS, BoundedLabel.OTHER);
        registry.config()
                .meterFilter(
                        MeterFilter.maximumAllowableTags(
                                MeterNames.REQUESTS,
                                "endpoint",
                                MAX_TAG_VALUES,
                                MeterFilter.deny()))
                .meterFilter(
                        MeterFilter.maximumAllowableTags(
                                MeterNames.CACHE_MISSES,
                                "reason",
                                MAX_TAG_VALUES,
                                MeterFilter.deny()));
        guard(MeterNames.REQUESTS, "route", MAX_TAG_VALUES);
        guard(MeterNames.REQUESTS, "tier", MAX_TAG_VALUES);
        for (String money : new String[] {MeterNames.SPEND, MeterNames.SAVED}) {
            guard(money, "pipeline", pipelines.maxLabels());
            guard(money, "model", models.maxLabels());
            guard(money, "provider", MAX_TAG_VALUES);
            guard(money, "traffic", MAX_TAG_VALUES);
        }
        guard(MeterNames.TOKENS, "model", models.maxLabels());
        guard(MeterNames.TOKENS, "provider", MAX_TAG_VALUES);
        guard(MeterNames.TOKENS, "traffic", MAX_TAG_VALUES);
        guard(MeterNames.CALLS_PRICED, "provider", MAX_TAG_VALUES);
        guard(MeterNames.CALLS_PRICED, "traffic", MAX_TAG_VALUES);
        guard(MeterNames.UNKNOWN_MODEL_CALLS, "provider", MAX_TAG_VALUES);
        guard(MeterNames.BUDGET_ACTIONS, "action", MAX_TAG_VALUES);
        guard(MeterNames.BUDGET_ACTIONS, "scope", MAX_TAG_VALUES);
        guard(MeterNames.METERING_FAILURES, "operation", MAX_TAG_VALUES);
        guard(MeterNames.UPSTREAM_DURATION, "provider", MAX_TAG_VALUES);
        guard(MeterNames.UPSTREAM_FIRST_BYTE, "provider", MAX_TAG_VALUES);
        guard(MeterNames.UPSTREAM_ERRORS, "provider", MAX_TAG_VALUES);
        spend = new SpendMeters(registry, pipelines, models);
        upstream = new UpstreamMeters(registry);
        // The closed sets start at zero, so increase() and alerts see the first event too.
        for (String action : BUDGET_ACTIONS) {
            for (String scope : BUDGET_SCOPES) {
                budgetCounter(action, scope);
            }
        }
        for (String operation : METERING_OPERATIONS) {
            counter(MeterNames.METERING_FAILURES, METERING_FAILURES_HELP, "operation", operation);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Registers a gauge read from {@code value} at scrape time. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /**
     * Registers a gauge of one provider, labelled {@code provider}, read from {@code value} at
     * scrape time: one series per provider under the same name.
     */
    public void providerGauge(
            String name, String description, String provider, Supplier<Number> value) {
        Gauge.builder(name, value)
                .description(description)
                .tag("provider", provider)
                .register(registry);
    }

    /**
     * One API request answered.
     *
     * @param route the configured route that matched, or {@code direct}
     * @param tier the configured tier that answered, or null/empty for none (labelled {@code none})
     */
    public void request(
            String endpoint, int status, String cache, String route, String tier, long nanos) {
        String statusClass = status <= 0 ? "none" : (status / 100) + "xx";
        String tierLabel = tier == null || tier.isEmpty() ? "none" : tier;
        counters.computeIfAbsent(
                        endpoint + '|' + statusClass + '|' + cache + '|' + route + '|' + tierLabel,
                        k ->
                                Counter.builder(MeterNames.REQUESTS)
                                        .description(
                                                "API requests answered, by endpoint, status class,"
                                                        + " cache outcome, route and tier")
                                        .tag("endpoint", endpoint)
                                        .tag("status_class", statusClass)
                                        .tag("cache", cache)
                                        .tag("route", route)
                                        .tag("tier", tierLabel)
                                        .register(registry))
                .increment();
        timers.computeIfAbsent(
                        endpoint + '|' + cache,
                        k ->
                                Timer.builder(MeterNames.REQUEST_DURATION)
                                        .description("End-to-end latency of API requests")
                                        .tag("endpoint", endpoint)
                                        .tag("cache", cache)
                                        .serviceLevelObjectives(BUCKETS)
                                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A request that did not hit, and why. */
    public void cacheMiss(String reason) {
        count(MeterNames.CACHE_MISSES, "Cache misses by reason", "reason", reason);
        if (reason.startsWith("store-")) {
            count(
                    MeterNames.CACHE_FAIL_OPEN,
                    "Cache lookups that failed and went upstream",
                    "reason",
                    reason.substring(6));
        }
    }

    /**
     * The L1 cache tier's size gauges, read at scrape time: entries, and bytes by the weigher its
     * bound counts.
     */
    public void cacheL1Gauges(LongSupplier entries, LongSupplier bytes) {
        Gauge.builder(MeterNames.CACHE_L1_ENTRIES, entries, s -> s.getAsLong())
                .description("Answers held in the in-process L1 cache tier (an estimate)")
                .strongReference(true)
                .register(registry);
        Gauge.builder(MeterNames.CACHE_L1_BYTES, bytes, s -> s.getAsLong())
                .description(
                        "Bytes held in the in-process L1 cache tier, as its l1_max_bytes bound"
                                + " counts them")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
    }

    /**
     * The semantic tier's figures, read at scrape time: probes by outcome (a {@code hit} probe
     * found a similar request; whether its answer was still stored shows in {@code
     * evalgate_requests_total{cache="semantic-hit"}}), vectors held and probes queued; returns
     * where to record each probe's duration in nanoseconds.
     */
    public java.util.function.LongConsumer semanticMeters(
            java.util.Map<String, LongSupplier> outcomes,
            LongSupplier entries,
            LongSupplier queued) {
        outcomes.forEach(
                (outcome, count) ->
                        io.micrometer.core.instrument.FunctionCounter.builder(
                                        MeterNames.SEMANTIC_LOOKUPS, count, c -> c.getAsLong())
                                .description("Semantic tier probes after an exact miss, by outcome")
                                .tag("outcome", outcome)
                                .register(registry));
        // A FunctionCounter holds its state weakly; these suppliers live as long as this.
        strongly.add(outcomes);
        Gauge.builder(MeterNames.SEMANTIC_ENTRIES, entries, s -> s.getAsLong())
                .description("Vectors the semantic tier holds in process")
                .strongReference(true)
                .register(registry);
        Gauge.builder(MeterNames.SEMANTIC_QUEUED, queued, s -> s.getAsLong())
                .description("Semantic probes waiting for a worker")
                .strongReference(true)
                .register(registry);
        Timer probes =
                Timer.builder(MeterNames.SEMANTIC_PROBE_DURATION)
                        .description(
                                "Semantic probes that reached a hit or a miss, from submission to"
                                        + " result: queue wait, split, embedding and scan")
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
        return nanos -> probes.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Netty's gauges, read at scrape time: tasks pending on the loops of {@code group} and the
     * direct memory Netty's default allocator holds.
     */
    public void nettyGauges(EventExecutorGroup group) {
        NettyGauges.register(registry, group);
    }

    /** In-flight and queued gauges of a provider with a concurrency limit. */
    public void providerGauges(
            String provider, Supplier<Number> inFlight, Supplier<Number> queued) {
        Gauge.builder(MeterNames.UPSTREAM_IN_FLIGHT, inFlight)
                .description("Requests being sent to a provider under its concurrency limit")
                .tag("provider", provider)
                .register(registry);
        Gauge.builder(MeterNames.UPSTREAM_QUEUED, queued)
                .description("Requests waiting for a provider's concurrency limit")
                .tag("provider", provider)
                .register(registry);
    }

    /**
     * The scale-to-zero meters of a provider, read from {@code readings} at scrape time (held
     * strongly here); returns where to record each wake's duration in nanoseconds.
     */
    public java.util.function.LongConsumer providerPower(String provider, PowerReadings readings) {
        strongly.add(readings);
        return PowerMeters.register(registry, provider, readings);
    }

    /** Time a request waited for a provider's concurrency limit. */
    public void queueWait(String provider, long nanos) {
        upstream.queueWait(provider, nanos);
    }

    /**
     * Starts the upstream error series of these providers at zero, one per reason, so increase()
     * and alerts see a provider's first error too.
     */
    public void upstreamProviders(java.util.Collection<String> providers) {
        upstream.providers(providers);
    }

    /**
     * One upstream attempt ended, retried ones included.
     *
     * @param outcome {@code ok}, {@code error} or {@code cancelled}
     * @param errorReason why the upstream failed ({@code status_429}, {@code status_5xx}, {@code
     *     timeout}, {@code connect}, {@code reset}, {@code truncated}, {@code untranslatable},
     *     {@code invalid_answer}), or null when it did not
     * @param firstByteNanos from the attempt's start to the answer's head, or -1 without one
     * @param totalNanos from the attempt's start to its end
     */
    public void upstreamAttempt(
            String provider,
            String outcome,
            String errorReason,
            long firstByteNanos,
            long totalNanos) {
        upstream.attempt(provider, outcome, errorReason, firstByteNanos, totalNanos);
    }

    /** An upstream attempt swallowed and retried (status 0: failed before any answer). */
    public void upstreamRetry(String provider, int status) {
        upstream.retry(provider, status);
    }

    /** A shadow comparison on a route: {@code agree}, {@code disagree} or {@code error}. */
    public void shadowComparison(String route, String result) {
        shadowCounter(route, result).increment();
    }

    /**
     * Starts the shadow comparison series of these routes (those with a {@code shadow:}) at zero,
     * so increase() and the agreement alert see the first comparison too.
     */
    public void shadowRoutes(java.util.Collection<String> routes) {
        for (String route : routes) {
            for (String result : SHADOW_RESULTS) {
                shadowCounter(route, result);
            }
        }
    }

    private Counter shadowCounter(String route, String result) {
        return counters.computeIfAbsent(
                MeterNames.SHADOW_COMPARISONS + '|' + route + '|' + result,
                k ->
                        Counter.builder(MeterNames.SHADOW_COMPARISONS)
                                .description("Shadow comparisons of a route's answers")
                                .tag("route", route)
                                .tag("result", result)
                                .register(registry));
    }

    /** An answer written to the cache (or not). */
    public void cacheWrite(boolean ok) {
        count(
                MeterNames.CACHE_WRITES,
                "Answers written to the cache",
                "result",
                ok ? "ok" : "error");
    }

    /** One finished call's spend: dollars spent and saved, tokens, and the call priced. */
    public void spend(SpendSample s) {
        spend.record(s);
    }

    /** A call to a model the price catalog does not know (priced at zero). */
    public void unknownModel(String provider) {
        spend.unknownModel(provider);
    }

    /**
     * A budget that would have been exceeded, and what was done: action {@code reject}, {@code
     * downgrade} or {@code warn}; scope {@code run} or {@code daily}.
     */
    public void budgetAction(String action, String scope) {
        budgetCounter(action, scope).increment();
    }

    private Counter budgetCounter(String action, String scope) {
        return counters.computeIfAbsent(
                MeterNames.BUDGET_ACTIONS + '|' + action + '|' + scope,
                k ->
                        Counter.builder(MeterNames.BUDGET_ACTIONS)
                                .description(
                                        "Budgets that would have been exceeded, by the action"
                                                + " taken and the budget's scope")
                                .tag("action", action)
                                .tag("scope", scope)
                                .register(registry));
    }

    /**
     * A ledger or budget store failure the request went on without (fail-open), by operation:
     * {@code record}, {@code reserve}, {@code reconcile} or {@code ratio}.
     */
    public void meteringFailure(String operation) {
        counter(MeterNames.METERING_FAILURES, METERING_FAILURES_HELP, "operation", operation)
                .increment();
    }

    /**
     * Registers the Testing-to-Inference ratio gauges (ratio, band as 0 healthy to 3 critical, eval
     * and production spend over the window), read at scrape time from {@code latest}: the latest
     * measured ratio, or null when none was measured yet, in which case they read NaN.
     */
    public void ratioGauges(Supplier<TestingRatio> latest) {
        RatioGauges.register(registry, latest);
    }

    private void guard(String name, String tag, int maxValues) {
        registry.config()
                .meterFilter(
                        MeterFilter.maximumAllowableTags(name, tag, maxValues, MeterFilter.deny()));
    }

    private void count(String name, String description, String tag, String value) {
        counter(name, description, tag, value).increment();
    }

    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(
                name + '|' + value,
                k ->
                        Counter.builder(name)
                                .description(description)
                                .tag(tag, value)
                                .register(registry));
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    /** The registry, for binders and tests. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /** Buckets resolving sub-millisecond cache hits and multi-second generations. */
    static final Duration[] BUCKETS = {
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120)
    };
}
