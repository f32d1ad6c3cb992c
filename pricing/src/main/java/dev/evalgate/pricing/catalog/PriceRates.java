package dev.evalgate.pricing.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One model's figures as written, in a catalog file or in the gateway's pricing overrides: their
 * names, the rule each figure meets and the {@link ModelPrice} they make. Both readers go through
 * this class, so a price one of them accepts the other accepts too.
 */
public final class PriceRates {

    /** The figures' names as written, in {@link ModelPrice}'s order. */
    public static final List<String> NAMES =
            List.of(
                    "input",
                    "cached_input",
                    "output",
                    "cache_write",
                    "cache_read",
                    "per_request",
                    "gpu_hour");

    /** The figures every price states: a missing output rate would silently make output free. */
    public static final List<String> REQUIRED = List.of("input", "output");

    /**
     * The most decimals a figure has: a millionth of a dollar per million tokens, a micro-dollar
     * per request or per GPU-hour.
     */
    public static final int MAX_DECIMALS = 6;

    /** The largest figure, far above any real price, so that no cost can overflow a long. */
    public static final BigDecimal MAX = BigDecimal.valueOf(1_000_000);

    private PriceRates() {}

    /**
     * What {@code figure} fails to be, in the words of a problem's {@code expected:} part, or null
     * when it is a valid figure.
     */
    public static String problemWith(BigDecimal figure) {
        if (figure.signum() < 0) {
            return ">= 0";
        }
        if (figure.compareTo(MAX) > 0) {
            return "at most " + MAX.toPlainString();
        }
        if (figure.stripTrailingZeros().scale() > MAX_DECIMALS) {
            return "at most " + MAX_DECIMALS + " decimals";
        }
        return null;
    }

    /**
     * The price these figures make, by name; an absent {@code cached_input}, {@code cache_write} or
     * {@code cache_read} takes the {@link ModelPrice#builder()} default, an absent {@code
     * per_request} or {@code gpu_hour} zero.
     *
     * @throws IllegalArgumentException naming the first unknown, missing or invalid figure
     */
    public static ModelPrice toPrice(Map<String, BigDecimal> figures) {
        for (String name : figures.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException(
                        name + ": unknown (expected: one of " + String.join(", ", NAMES) + ")");
            }
        }
        for (String name : REQUIRED) {
            if (figures.get(name) == null) {
                throw new IllegalArgumentException(name + ": missing (expected: a rate)");
            }
        }
        figures.forEach(
                (name, figure) -> {
                    String problem = figure == null ? null : problemWith(figure);
                    if (problem != null) {
                        throw new IllegalArgumentException(
                                name
                                        + ": "
                                        + figure.toPlainString()
                                        + " (expected: "
                                        + problem
                                        + ")");
                    }
                });
        ModelPrice.Builder b =
                ModelPrice.builder().input(figures.get("input")).output(figures.get("output"));
        if (figures.get("cached_input") != null) {
            b.cachedInput(figures.get("cached_input"));
        }
        if (figures.get("cache_write") != null) {
            b.cacheWrite(figures.get("cache_write"));
        }
        if (figures.get("cache_read") != null) {
            b.cacheRead(figures.get("cache_read"));
        }
        if (figures.get("per_request") != null) {
            b.perRequest(figures.get("per_request"));
        }
        if (figures.get("gpu_hour") != null) {
            b.gpuHour(figures.get("gpu_hour"));
        }
        return b.build();
    }
}
