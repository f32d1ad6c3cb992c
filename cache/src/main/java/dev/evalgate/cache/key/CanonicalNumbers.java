package dev.evalgate.cache.key;

import java.math.BigDecimal;

/**
 * One spelling per numeric value, computed exactly with {@link BigDecimal} so that no rounding ever
 * merges two different numbers.
 */
final class CanonicalNumbers {
    /** Longest number literal accepted, in characters (sign and exponent included). */
    static final int MAX_LENGTH = 1000;

    /** Largest accepted magnitude of the decimal exponent of a number's leading digit. */
    static final int MAX_EXPONENT = 10_000;

    /** Integers below 10^21 in magnitude are printed without an exponent. */
    private static final int PLAIN_INTEGER_DIGITS = 21;

    private CanonicalNumbers() {}

    /**
     * Returns the canonical spelling of a JSON number literal: {@code 0} for any zero, integers
     * below 10^21 plainly ({@code 100}), everything else as {@link BigDecimal#toString()} of the
     * value with trailing zeros stripped ({@code 0.7}, {@code 1.5E-7}, {@code 1E+21}).
     */
    static String canonical(String literal, long byteOffset) throws InvalidJsonException {
        if (literal.length() > MAX_LENGTH) {
            throw new InvalidJsonException(
                    "number longer than " + MAX_LENGTH + " characters at byte " + byteOffset);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(literal);
        } catch (NumberFormatException e) {
            throw new InvalidJsonException("number out of range at byte " + byteOffset);
        }
        if (value.signum() == 0) {
            return "0";
        }
        // The exponent of the leading digit does not depend on trailing zeros, so checking it
        // first keeps stripTrailingZeros() away from scales near the int limits.
        long exponent = (long) value.precision() - value.scale() - 1;
        if (Math.abs(exponent) > MAX_EXPONENT) {
            throw new InvalidJsonException(
                    "number exponent beyond ±" + MAX_EXPONENT + " at byte " + byteOffset);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && exponent < PLAIN_INTEGER_DIGITS) {
            return stripped.toPlainString();
        }
        return stripped.toString();
    }
}
