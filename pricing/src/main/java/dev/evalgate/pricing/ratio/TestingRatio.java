package dev.evalgate.pricing.ratio;

import dev.evalgate.pricing.ledger.Ledger;
import dev.evalgate.pricing.ledger.SpendTotals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The Testing-to-Inference ratio over a window: eval spend ÷ (eval + production spend). Shadow
 * traffic counts toward neither. With no spend at all the ratio is 0 and the band healthy; with
 * eval spend alone it is 1.
 *
 * @param from the window's first UTC day
 * @param to the day after its last
 * @param evalMicros eval spend in the window
 * @param productionMicros production spend in the window, through the gateway and reported
 * @param band the ratio's band
 */
public record TestingRatio(
        LocalDate from, LocalDate to, long evalMicros, long productionMicros, RatioBand band) {

    /** The default rolling window, in days. */
    public static final int DEFAULT_WINDOW_DAYS = 30;

    /** Rejects missing parts. */
    public TestingRatio {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(band, "band");
    }

    /** The ratio of a window's spend, banded by {@code bands}. */
    public static TestingRatio of(SpendTotals spend, RatioBands bands) {
        return new TestingRatio(
                spend.from(),
                spend.to(),
                spend.evalMicros(),
                spend.productionMicros(),
                bands.bandOf(spend.evalMicros(), spend.productionMicros()));
    }

    /**
     * The ratio over the {@code windowDays} UTC days up to and including today by {@code clock}.
     */
    public static CompletionStage<TestingRatio> measure(
            Ledger ledger, Clock clock, int windowDays, RatioBands bands) {
        if (windowDays < 1) {
            throw new IllegalArgumentException("windowDays: " + windowDays + " (expected: >= 1)");
        }
        LocalDate to = LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)).plusDays(1);
        return ledger.spend(to.minusDays(windowDays), to).thenApply(spend -> of(spend, bands));
    }

    /**
     * The ratio as a fraction rounded half-up to {@code scale} decimals, for display; the band is
     * decided from the exact figures, never from this.
     */
    public BigDecimal ratio(int scale) {
        long total = evalMicros + productionMicros;
        if (total == 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        return BigDecimal.valueOf(evalMicros)
                .divide(BigDecimal.valueOf(total), scale, RoundingMode.HALF_UP);
    }

    /** The ratio in percent with two decimals ({@code 12.34}). */
    public BigDecimal percent() {
        return ratio(4).movePointRight(2);
    }
}
