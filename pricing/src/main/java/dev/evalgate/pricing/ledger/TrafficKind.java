package dev.evalgate.pricing.ledger;

import java.util.Locale;
import java.util.Optional;

/** Whose spend a call is: evaluation (the default), production, or shadow traffic. */
public enum TrafficKind {
    /** CI evaluation traffic: the numerator of the Testing-to-Inference ratio. */
    EVAL,
    /** Production inference: with eval, the denominator of the ratio. */
    PRODUCTION,
    /** Mirrored production traffic, counted apart from both. */
    SHADOW;

    /** The lower-case name used in headers, keys and reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with that label ({@code eval}, {@code production}, {@code shadow}), any case. */
    public static Optional<TrafficKind> fromLabel(String label) {
        for (TrafficKind kind : values()) {
            if (kind.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
