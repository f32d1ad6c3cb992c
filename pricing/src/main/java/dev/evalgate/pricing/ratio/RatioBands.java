package dev.evalgate.pricing.ratio;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The thresholds between {@link RatioBand}s, as fractions of total spend: a ratio at or above a
 * threshold is in that band.
 *
 * @param elevatedFrom where {@link RatioBand#ELEVATED} starts
 * @param warningFrom where {@link RatioBand#WARNING} starts
 * @param criticalFrom where {@link RatioBand#CRITICAL} starts
 */
public record RatioBands(BigDecimal elevatedFrom, BigDecimal warningFrom, BigDecimal criticalFrom) {

    /** Healthy below 5 %, elevated 5–15 %, warning 15–30 %, critical from 30 %. */
    public static final RatioBands DEFAULTS =
            new RatioBands(new BigDecimal("0.05"), new BigDecimal("0.15"), new BigDecimal("0.30"));

    /** Requires {@code 0 < elevatedFrom < warningFrom < criticalFrom <= 1}. */
    public RatioBands {
        Objects.requireNonNull(elevatedFrom, "elevatedFrom");
        Objects.requireNonNull(warningFrom, "warningFrom");
        Objects.requireNonNull(criticalFrom, "criticalFrom");
        if (elevatedFrom.signum() <= 0
                || elevatedFrom.compareTo(warningFrom) >= 0
                || warningFrom.compareTo(criticalFrom) >= 0
                || criticalFrom.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(
                    "ratio bands: "
                            + elevatedFrom
                            + ", "
                            + warningFrom
                            + ", "
                            + criticalFrom
                            + " (expected: 0 < elevated < warning < critical <= 1)");
        }
    }

    /**
     * The band of {@code eval ÷ (eval + production)}, decided exactly by cross-multiplying (no
     * division, no rounding); no spend at all is healthy.
     */
    public RatioBand bandOf(long evalMicros, long productionMicros) {
        if (evalMicros < 0 || productionMicros < 0) {
            throw new IllegalArgumentException(
                    "spend: " + evalMicros + ", " + productionMicros + " (expected: >= 0)");
        }
        BigDecimal eval = BigDecimal.valueOf(evalMicros);
        BigDecimal total = eval.add(BigDecimal.valueOf(productionMicros));
        if (eval.compareTo(criticalFrom.multiply(total)) >= 0 && evalMicros > 0) {
            return RatioBand.CRITICAL;
        }
        if (eval.compareTo(warningFrom.multiply(total)) >= 0 && evalMicros > 0) {
            return RatioBand.WARNING;
        }
        if (eval.compareTo(elevatedFrom.multiply(total)) >= 0 && evalMicros > 0) {
            return RatioBand.ELEVATED;
        }
        return RatioBand.HEALTHY;
    }
}
