package dev.evalgate.pricing.catalog;

import java.util.Objects;

/**
 * A model id resolved against the catalog.
 *
 * @param price the price to bill
 * @param matchedId the catalog entry's id, as the catalog spells it
 * @param exact whether the requested id named the entry (or one of its aliases) as it stands, case
 *     aside; false when a version qualifier had to be dropped to find it
 */
public record PriceMatch(ModelPrice price, String matchedId, boolean exact) {

    /** Rejects missing parts. */
    public PriceMatch {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(matchedId, "matchedId");
    }
}
