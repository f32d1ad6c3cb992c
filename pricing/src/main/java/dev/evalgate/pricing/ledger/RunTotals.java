package dev.evalgate.pricing.ledger;

import java.util.Map;

/**
 * What one pipeline run spent and saved, summed over every call recorded for it by any replica.
 *
 * @param runId the run
 * @param pipeline the pipeline of its first recorded call, or empty
 * @param calls calls recorded
 * @param hits calls answered from the cache
 * @param misses calls sent upstream after a cache miss
 * @param coalesced calls that waited for an identical in-flight call
 * @param bypassed calls that did not consult the cache
 * @param servedTokens tokens served
 * @param billedTokens tokens billed
 * @param costMicros cost in micro-dollars
 * @param savedMicros savings in micro-dollars
 * @param estimatedCalls calls priced from estimated usage
 * @param byModel figures by {@code provider/model}
 * @param byTier figures by tier
 * @param unknownModels calls by {@code provider/model} for models priced at zero because the
 *     catalog did not know them
 * @param catalogVersion the catalog version the run's latest recorded call was priced with
 * @param firstAtMillis the earliest call's time, epoch milliseconds
 * @param lastAtMillis the latest call's time, epoch milliseconds
 */
public record RunTotals(
        String runId,
        String pipeline,
        long calls,
        long hits,
        long misses,
        long coalesced,
        long bypassed,
        long servedTokens,
        long billedTokens,
        long costMicros,
        long savedMicros,
        long estimatedCalls,
        Map<String, Tally> byModel,
        Map<String, Tally> byTier,
        Map<String, Long> unknownModels,
        String catalogVersion,
        long firstAtMillis,
        long lastAtMillis) {

    /** Copies the maps. */
    public RunTotals {
        byModel = Map.copyOf(byModel);
        byTier = Map.copyOf(byTier);
        unknownModels = Map.copyOf(unknownModels);
    }
}
