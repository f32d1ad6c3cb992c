package dev.evalgate.gateway.metrics;

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
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus registry and the few calls the request path makes on it. Label values
 * come from closed sets only (endpoint, status class, cache outcome, reason); never a run id, a key
 * or a prompt. Meters are looked up once per label combination and kept.
 */
public final class GatewayMetrics implements AutoCloseable {

    /** Most distinct values a label may take before further ones are dropped. */
    static final int MAX_TAG_VALUES = 64;

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** A registry with JVM and process meters bound. */
    public GatewayMetrics() {
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

    /** One API request answered. */
    public void request(String endpoint, int status, String cache, long nanos) {
        String statusClass = status <= 0 ? "none" : (status / 100) + "xx";
        counters.computeIfAbsent(
                        endpoint + '|' + statusClass + '|' + cache,
                        k ->
                                Counter.builder(MeterNames.REQUESTS)
                                        .description("API requests answered")
                                        .tag("endpoint", endpoint)
                                        .tag("status_class", statusClass)
                                        .tag("cache", cache)
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

    /** Time a request waited for a provider's concurrency limit. */
    public void queueWait(String provider, long nanos) {
        timers.computeIfAbsent(
                        MeterNames.UPSTREAM_QUEUE_WAIT + '|' + provider,
                        k ->
                                Timer.builder(MeterNames.UPSTREAM_QUEUE_WAIT)
                                        .description(
                                                "Time waited for a provider's concurrency limit")
                                        .tag("provider", provider)
                                        .serviceLevelObjectives(BUCKETS)
                                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** An upstream attempt swallowed and retried (status 0: failed before any answer). */
    public void upstreamRetry(String provider, int status) {
        String reason = status == 0 ? "failure" : Integer.toString(status);
        counters.computeIfAbsent(
                        MeterNames.UPSTREAM_RETRIES + '|' + provider + '|' + reason,
                        k ->
                                Counter.builder(MeterNames.UPSTREAM_RETRIES)
                                        .description("Upstream attempts retried")
                                        .tag("provider", provider)
                                        .tag("reason", reason)
                                        .register(registry))
                .increment();
    }

    /** A shadow comparison on a route: {@code agree}, {@code disagree} or {@code error}. */
    public void shadowComparison(String route, String result) {
        counters.computeIfAbsent(
                        MeterNames.SHADOW_COMPARISONS + '|' + route + '|' + result,
                        k ->
                                Counter.builder(MeterNames.SHADOW_COMPARISONS)
                                        .description("Shadow comparisons of a route's answers")
                                        .tag("route", route)
                                        .tag("result", result)
                                        .register(registry))
                .increment();
    }

    /** An answer written to the cache (or not). */
    public void cacheWrite(boolean ok) {
        count(
                MeterNames.CACHE_WRITES,
                "Answers written to the cache",
                "result",
                ok ? "ok" : "error");
    }

    private void count(String name, String description, String tag, String value) {
        counters.computeIfAbsent(
                        name + '|' + value,
                        k ->
                                Counter.builder(name)
                                        .description(description)
                                        .tag(tag, value)
                                        .register(registry))
                .increment();
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
    private static final Duration[] BUCKETS = {
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
