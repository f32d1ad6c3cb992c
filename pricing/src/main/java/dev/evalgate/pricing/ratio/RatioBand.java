package dev.evalgate.pricing.ratio;

import java.util.Locale;
import java.util.Optional;

/** How healthy eval spend is relative to production spend, mildest first. */
public enum RatioBand {
    /** Below the elevated threshold (default under 5 %). */
    HEALTHY,
    /** From the elevated threshold (default 5 % to 15 %). */
    ELEVATED,
    /** From the warning threshold (default 15 % to 30 %). */
    WARNING,
    /** From the critical threshold (default 30 % and above). */
    CRITICAL;

    /** The lower-case name used in reports, metrics and flags ({@code --fail-ratio-band}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The band with that label, any case. */
    public static Optional<RatioBand> fromLabel(String label) {
        for (RatioBand band : values()) {
            if (band.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
                return Optional.of(band);
            }
        }
        return Optional.empty();
    }

    /** Whether this band is {@code other} or worse. */
    public boolean atLeast(RatioBand other) {
        return compareTo(other) >= 0;
    }
}
