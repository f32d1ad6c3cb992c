package dev.evalgate.gateway.context;

/** Where a request's spend belongs; set by {@code X-Eval-Traffic}. */
public enum TrafficKind {
    /** Evaluation traffic: the default. */
    EVAL,
    /** Production traffic sent through the gateway (the ratio's denominator). */
    PRODUCTION,
    /** Shadow comparisons the gateway makes itself. */
    SHADOW;

    /** Parses the header value (case-insensitive); null for an unknown value. */
    public static TrafficKind parse(String value) {
        if (value == null || value.isEmpty()) {
            return EVAL;
        }
        for (TrafficKind k : values()) {
            if (k.name().equalsIgnoreCase(value)) {
                return k;
            }
        }
        return null;
    }
}
