package dev.evalgate.gateway.config;

import dev.evalgate.gateway.scale.ScaleActionConfig;
import dev.evalgate.gateway.scale.ScaleSchedule;
import dev.evalgate.gateway.scale.ScaleToZeroConfig;
import dev.evalgate.pricing.cost.Micros;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Validates and binds a provider's optional {@code scale_to_zero} section. */
final class ScaleBinder {

    private static final List<String> KEYS =
            List.of(
                    "idle",
                    "schedule",
                    "health",
                    "wake_timeout",
                    "hourly_cost_usd",
                    "scale_down",
                    "scale_up");
    private static final List<String> HEALTH_KEYS = List.of("url", "interval");
    private static final String COST = "a dollar amount 0..100000 with at most six decimals";
    private static final BigDecimal MAX_COST = BigDecimal.valueOf(100_000);

    private ScaleBinder() {}

    /**
     * The section under {@code provider}, null when absent or after recording problems.
     *
     * @param baseUrl the provider's base URL (the default health URL is under it), or null when it
     *     was invalid
     */
    static ScaleToZeroConfig bind(Fields provider, URI baseUrl) {
        if (!provider.has("scale_to_zero")) {
            return null;
        }
        Problems problems = provider.problems();
        int before = problems.count();
        Fields f =
                Fields.of(
                        provider.get("scale_to_zero"),
                        provider.path("scale_to_zero"),
                        problems,
                        "a mapping of " + String.join(", ", KEYS),
                        KEYS);
        Duration idle =
                f.duration(
                        "idle",
                        ScaleToZeroConfig.DEFAULT_IDLE,
                        Duration.ofSeconds(1),
                        Duration.ofDays(7));
        ScaleSchedule schedule = f.has("schedule") ? ScheduleBinder.bind(f) : null;
        Fields health =
                Fields.of(
                        f.get("health"),
                        f.path("health"),
                        problems,
                        "a mapping of " + String.join(", ", HEALTH_KEYS),
                        HEALTH_KEYS);
        URI healthUrl =
                health.has("url")
                        ? HttpUrls.read(health, "url", true)
                        : baseUrl == null ? null : URI.create(baseUrl + "/models");
        Duration interval =
                health.duration(
                        "interval",
                        ScaleToZeroConfig.DEFAULT_HEALTH_INTERVAL,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(1));
        Duration wakeTimeout =
                f.duration(
                        "wake_timeout",
                        ScaleToZeroConfig.DEFAULT_WAKE_TIMEOUT,
                        Duration.ofSeconds(1),
                        Duration.ofHours(1));
        BigDecimal cost = cost(f);
        ScaleActionConfig down = ScaleActionBinder.bind(f, "scale_down", true);
        ScaleActionConfig up = ScaleActionBinder.bind(f, "scale_up", false);
        if (problems.count() != before || healthUrl == null) {
            return null;
        }
        return new ScaleToZeroConfig(
                idle, schedule, healthUrl, interval, wakeTimeout, cost, down, up);
    }

    private static BigDecimal cost(Fields f) {
        BigDecimal cost = f.decimal("hourly_cost_usd", COST);
        if (cost == null) {
            return null;
        }
        boolean exact;
        try {
            Micros.fromUsdExact(cost);
            exact = true;
        } catch (ArithmeticException e) {
            exact = false;
        }
        if (!exact || cost.signum() < 0 || cost.compareTo(MAX_COST) > 0) {
            f.problems().invalid(f.path("hourly_cost_usd"), f.get("hourly_cost_usd"), COST);
            return null;
        }
        return cost;
    }
}
