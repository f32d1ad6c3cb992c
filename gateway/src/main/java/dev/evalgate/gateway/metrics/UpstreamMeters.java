package dev.evalgate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Upstream attempts: their latency to the last byte and to the first, their errors by reason,
 * retries, and waits for a provider's concurrency limit.
 *
 * <p>Threading: an attempt ends on an event loop, any of them at once. A label tuple's meters are
 * built once (computeIfAbsent) and kept; after that an attempt is a few map gets and histogram
 * updates.
 */
final class UpstreamMeters {

    /** The {@code reason} label's closed set. */
    static final List<String> ERROR_REASONS =
            List.of(
                    "status_429",
                    "status_5xx",
                    "timeout",
                    "connect",
                    "reset",
                    "truncated",
                    "untranslatable",
                    "invalid_answer");

    /** The duration histogram's {@code outcome} label's closed set. */
    static final List<String> OUTCOMES = List.of("ok", "error", "cancelled");

    private static final String ERRORS_HELP =
            "Failed upstream attempts (retried ones included), by provider and reason";

    private record Key(String provider, String label) {}

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Timer> durations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> firstBytes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Counter> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Counter> retries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> queueWaits = new ConcurrentHashMap<>();

    UpstreamMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Starts every error series of these providers at zero, so increase() sees the first. */
    void providers(Collection<String> providers) {
        for (String provider : providers) {
            for (String reason : ERROR_REASONS) {
                errorCounter(provider, reason);
            }
        }
    }

    void attempt(
            String provider,
            String outcome,
            String errorReason,
            long firstByteNanos,
            long totalNanos) {
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException(
                    "outcome: " + outcome + " (expected: one of " + OUTCOMES + ")");
        }
        if (errorReason != null && !ERROR_REASONS.contains(errorReason)) {
            throw new IllegalArgumentException(
                    "reason: " + errorReason + " (expected: one of " + ERROR_REASONS + ")");
        }
        Key key = new Key(provider, outcome);
        Timer duration = durations.get(key);
        if (duration == null) {
            duration = durations.computeIfAbsent(key, this::registerDuration);
        }
        duration.record(Math.max(0, totalNanos), TimeUnit.NANOSECONDS);
        if (firstByteNanos >= 0) {
            Timer firstByte = firstBytes.get(provider);
            if (firstByte == null) {
                firstByte = firstBytes.computeIfAbsent(provider, this::registerFirstByte);
            }
            firstByte.record(firstByteNanos, TimeUnit.NANOSECONDS);
        }
        if (errorReason != null) {
            errorCounter(provider, errorReason).increment();
        }
    }

    /** An attempt swallowed and retried; reason is its status, or {@code failure} for 0. */
    void retry(String provider, int status) {
        String reason = status == 0 ? "failure" : Integer.toString(status);
        retries.computeIfAbsent(
                        new Key(provider, reason),
                        k ->
                                Counter.builder(MeterNames.UPSTREAM_RETRIES)
                                        .description("Upstream attempts retried")
                                        .tag("provider", k.provider())
                                        .tag("reason", k.label())
                                        .register(registry))
                .increment();
    }

    /** Time a request waited for a provider's concurrency limit (zero when it did not wait). */
    void queueWait(String provider, long nanos) {
        queueWaits
                .computeIfAbsent(
                        provider,
                        p ->
                                Timer.builder(MeterNames.UPSTREAM_QUEUE_WAIT)
                                        .description(
                                                "Time waited for a provider's concurrency limit")
                                        .tag("provider", p)
                                        .serviceLevelObjectives(GatewayMetrics.BUCKETS)
                                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter errorCounter(String provider, String reason) {
        Key key = new Key(provider, reason);
        Counter c = errors.get(key);
        if (c == null) {
            c =
                    errors.computeIfAbsent(
                            key,
                            k ->
                                    Counter.builder(MeterNames.UPSTREAM_ERRORS)
                                            .description(ERRORS_HELP)
                                            .tag("provider", k.provider())
                                            .tag("reason", k.label())
                                            .register(registry));
        }
        return c;
    }

    private Timer registerDuration(Key k) {
        return Timer.builder(MeterNames.UPSTREAM_DURATION)
                .description(
                        "Upstream attempts from acquiring a connection to the answer's last byte"
                                + " (or the failure), retried attempts included, by provider and"
                                + " outcome (ok, error, cancelled)")
                .tag("provider", k.provider())
                .tag("outcome", k.label())
                .serviceLevelObjectives(GatewayMetrics.BUCKETS)
                .register(registry);
    }

    private Timer registerFirstByte(String provider) {
        return Timer.builder(MeterNames.UPSTREAM_FIRST_BYTE)
                .description(
                        "Upstream attempts from acquiring a connection to the answer's head (time"
                                + " to first byte), by provider")
                .tag("provider", provider)
                .serviceLevelObjectives(GatewayMetrics.BUCKETS)
                .register(registry);
    }
}
