package dev.evalgate.gateway.meter;

import dev.evalgate.pricing.usage.Usage;

/**
 * An answer's tokens and what they cost at the catalog's prices.
 *
 * @param usage the tokens, as the provider reported them or as estimated ({@link Usage#estimated})
 * @param micros their cost in micro-dollars: a miss's cost, or a hit's saving
 */
public record Priced(Usage usage, long micros) {

    /** Nothing: an error answer, or none. */
    public static final Priced NONE = new Priced(Usage.NONE, 0);
}
