package dev.evalgate.gateway.meter;

import dev.evalgate.pricing.catalog.ModelPrice;

/**
 * The catalog price a provider's model is billed at.
 *
 * @param catalogProvider the catalog provider it was priced as (the gateway provider's own name
 *     when the catalog or the config's {@code pricing.models} list it, else its {@code price_as})
 * @param catalogModel the catalog entry it matched, or the model as sent when unknown
 * @param price the rates; {@link ModelPrice#ZERO} when unknown
 * @param unknown true when no catalog entry matched: the call is priced at zero and flagged
 */
public record Rates(
        String catalogProvider, String catalogModel, ModelPrice price, boolean unknown) {

    /** {@code provider/model}, as reports and the ledger name it. */
    public String label() {
        return catalogProvider + "/" + catalogModel;
    }
}
