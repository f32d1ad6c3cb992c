package dev.evalgate.gateway.report;

import dev.evalgate.pricing.cost.Micros;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the renderings spell figures: {@code n/a} for a missing one, dollars with six decimals. */
final class Amounts {

    static final String MISSING = "n/a";

    private Amounts() {}

    /** {@code $0.012345}, or {@code n/a}. */
    static String usd(Long micros) {
        return micros == null ? MISSING : "$" + Micros.format(micros);
    }

    /** The plain decimal {@code 0.012345}, or null: for machine-read properties. */
    static String plainUsd(Long micros) {
        return micros == null ? null : Micros.format(micros);
    }

    static String count(Long n) {
        return n == null ? MISSING : Long.toString(n);
    }

    static String text(String s) {
        return s == null || s.isEmpty() ? MISSING : s;
    }

    /** {@code part} and its share of {@code whole}: {@code 4 (40.0%)}. */
    static String share(Long part, Long whole) {
        return count(part) + " (" + percentOf(part, whole) + ")";
    }

    /** {@code part} of {@code whole} as a percentage with one decimal ({@code 40.0%}), or n/a. */
    static String percentOf(Long part, Long whole) {
        if (part == null || whole == null || whole <= 0) {
            return MISSING;
        }
        return BigDecimal.valueOf(part)
                        .multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP)
                        .toPlainString()
                + "%";
    }

    /** A route's agreement rate as a percentage, from the gateway's rate else from the counts. */
    static String agreementRate(RunReport.RouteAgreement a) {
        if (a.rate() != null && Double.isFinite(a.rate())) {
            return BigDecimal.valueOf(a.rate())
                            .multiply(BigDecimal.valueOf(100))
                            .setScale(1, RoundingMode.HALF_UP)
                            .toPlainString()
                    + "%";
        }
        return percentOf(a.agree(), a.comparisons());
    }

    /** The ratio's percentage as the gateway spelled it ({@code 12.00%}), or n/a. */
    static String ratioPercent(RunReport.Ratio r) {
        return r.percent() == null ? MISSING : r.percent() + "%";
    }
}
