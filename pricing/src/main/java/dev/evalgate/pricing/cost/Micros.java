package dev.evalgate.pricing.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Conversions between integer micro-dollars, the unit of every stored figure, and US dollars. */
public final class Micros {

    private static final int SCALE = 6;

    private Micros() {}

    /** {@code micros} as exact dollars with six decimals ({@code 5615} → {@code 0.005615}). */
    public static BigDecimal toUsd(long micros) {
        return BigDecimal.valueOf(micros, SCALE);
    }

    /** Dollars as a plain string with six decimals, fit for a header or a report. */
    public static String format(long micros) {
        return toUsd(micros).toPlainString();
    }

    /**
     * Dollars as micro-dollars, rounded half-up below a micro-dollar.
     *
     * @throws ArithmeticException if the amount does not fit a {@code long}
     */
    public static long fromUsd(BigDecimal usd) {
        return usd.movePointRight(SCALE).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * Dollars that must be whole micro-dollars (a budget, a reported amount) as micro-dollars.
     *
     * @throws ArithmeticException if {@code usd} has more than six decimals or does not fit a
     *     {@code long}
     */
    public static long fromUsdExact(BigDecimal usd) {
        if (usd.stripTrailingZeros().scale() > SCALE) {
            throw new ArithmeticException(usd.toPlainString() + " is finer than a micro-dollar");
        }
        return fromUsd(usd);
    }
}
